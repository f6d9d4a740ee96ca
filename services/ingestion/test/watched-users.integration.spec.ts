import { uniqueName, waitFor } from '@callrecords/testing';
import { createSimulator } from '@callrecords/graph-simulator';

import type { RunningIngestion } from '../src/bootstrap';
import type { IngestionConfig } from '../src/config';
import type { SimHandle } from './harness';
import { boot, callRecordAt, readNotifications, simGraph, testConfig, testKafka } from './harness';

// Subscriptions scoped to people (libs/contracts/graph-reference/FACTS.md 5 and 9): the simulator
// notifies only calls a watched person took part in, and List filters by one participant.

const ALICE = 'a11ce000-0000-4000-8000-000000000001';
const BOB = 'b0b00000-0000-4000-8000-000000000002';
const CAROL = 'ca201000-0000-4000-8000-000000000003';
const HOUR_MS = 3_600_000;

function callWith(id: string, userId: string, start: Date): Record<string, unknown> {
  return {
    ...callRecordAt(id, start),
    participants_v2: [{ id: userId, identity: { user: { id: userId } } }],
  };
}

async function subscriptionResources(sim: SimHandle): Promise<{ id: string; resource: string }[]> {
  const response = await simGraph(sim, '/v1.0/subscriptions');
  return ((await response.json()) as { value: { id: string; resource: string }[] }).value;
}

describe('ingestion with watched people', () => {
  let sim: SimHandle;
  let config: IngestionConfig;
  const running: RunningIngestion[] = [];

  beforeAll(async () => {
    const simulator = createSimulator({ batchWindowMs: 10, httpPort: 0 });
    sim = { simulator, started: await simulator.start() };
    config = await testConfig(sim);
  });

  afterAll(async () => {
    await Promise.allSettled(running.map((r) => r.close()));
    await sim?.simulator.stop();
  });

  // Each replica gets its own port; they share the topics (the subscription lives on).
  async function start(watched: string): Promise<RunningIngestion> {
    const own = await testConfig(sim, {
      INGESTION_RECONCILE_INTERVAL_MS: '0',
      INGESTION_WATCHED_USERS: watched,
    });
    const replica = await boot({ ...own, KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX });
    running.push(replica);
    await replica.store.whenCaughtUp();
    await waitFor(() => replica.leadership.isLeader(), { description: 'leadership' });
    await replica.manager.tick();
    return replica;
  }

  async function notifiedIds(replica: RunningIngestion, source: string): Promise<string[]> {
    const events = await readNotifications(testKafka(config), replica.topics.notifications);
    return events.filter((e) => e.payload.source === source).map((e) => e.payload.callRecordId);
  }

  it("subscribes with Graph's participant filter and publishes only the watched person's calls", async () => {
    const replica = await start(`${sim.started.tenantId}=${ALICE}`);
    const bobsCall = uniqueName('bob');
    const alicesCall = uniqueName('alice');

    sim.simulator.seedCallRecord(callWith(bobsCall, BOB, new Date(Date.now() - HOUR_MS)));
    sim.simulator.seedCallRecord(callWith(alicesCall, ALICE, new Date(Date.now() - HOUR_MS)));

    const ids = await waitFor(
      async () => {
        const notified = await notifiedIds(replica, 'webhook');
        return notified.includes(alicesCall) ? notified : undefined;
      },
      { description: "Alice's call notified" },
    );
    expect(await subscriptionResources(sim)).toEqual([
      expect.objectContaining({
        resource: `/communications/callRecords?$filter=participants/any(p:p/id eq '${ALICE}')`,
      }),
    ]);
    expect(ids).not.toContain(bobsCall);
  }, 60_000);

  it('replaces the subscription when a person is added, and the new person is notified', async () => {
    const [before] = await subscriptionResources(sim);
    await running.shift()?.close();
    const replica = await start(`${sim.started.tenantId}=${ALICE},${BOB}`);
    const bobsCall = uniqueName('bob');

    sim.simulator.seedCallRecord(callWith(bobsCall, BOB, new Date(Date.now() - HOUR_MS)));

    await waitFor(async () => (await notifiedIds(replica, 'webhook')).includes(bobsCall), {
      description: "Bob's call notified",
    });
    const after = await subscriptionResources(sim);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(before?.id);
    expect(after[0]?.resource).toBe(
      `/communications/callRecords?$filter=participants/any(p:p/id in ('${ALICE}', '${BOB}'))`,
    );
    expect(replica.store.lookup(before?.id ?? '')?.change).toBe('deleted');
  }, 60_000);

  it("backfills only the watched people's calls, each once, through List's participant filter", async () => {
    const [replica] = running as [RunningIngestion];
    const from = new Date(Date.now() - 5 * HOUR_MS);
    const at = (minutes: number): Date => new Date(from.getTime() + minutes * 60_000);
    const together = uniqueName('together');
    sim.simulator.seedCallRecord({
      ...callRecordAt(together, at(1)),
      participants_v2: [ALICE, BOB].map((id) => ({ id, identity: { user: { id } } })),
    });
    const carols = uniqueName('carol');
    sim.simulator.seedCallRecord(callWith(carols, CAROL, at(2)));
    const bobs = uniqueName('bob');
    sim.simulator.seedCallRecord(callWith(bobs, BOB, at(3)));

    const count = await replica.backfill.run(sim.started.tenantId, { from, to: at(10) }, 'admin');

    const backfilled = await notifiedIds(replica, 'backfill');
    expect(count).toBe(2);
    expect(backfilled.sort()).toEqual([bobs, together].sort());
  }, 60_000);
});
