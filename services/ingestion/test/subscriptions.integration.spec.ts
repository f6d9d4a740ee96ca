import { uniqueName, waitFor } from '@callrecords/testing';
import { createSimulator } from '@callrecords/graph-simulator';
import type { SimulatorOptions } from '@callrecords/graph-simulator';

import type { RunningIngestion } from '../src/bootstrap';
import type { IngestionConfig } from '../src/config';
import {
  boot,
  callRecordAt,
  readNotifications,
  requestCount,
  simSubscriptions,
  testConfig,
  testKafka,
  TestClock,
} from './harness';
import type { SimHandle } from './harness';
import { simCall } from './harness';

async function startSim(options: SimulatorOptions): Promise<SimHandle> {
  const simulator = createSimulator({ ...options, httpPort: 0 });
  return { simulator, started: await simulator.start() };
}

const MINUTE_MS = 60_000;
// A 60-minute lifetime renews 36–42 minutes in: the simulator (real time) accepts the new expiry.
// Reconcile only when a replica starts leading: these specs drive the renewal path (404 included).
const LIFETIME = {
  INGESTION_SUBSCRIPTION_LIFETIME_MINUTES: '60',
  INGESTION_RECONCILE_INTERVAL_MS: '0',
};

async function leaderOf(replicas: readonly RunningIngestion[]): Promise<RunningIngestion> {
  return waitFor(() => replicas.find((r) => r.leadership.isLeader()), {
    description: 'a leader',
  });
}

describe('ingestion subscriptions', () => {
  let sim: SimHandle;
  let config: IngestionConfig;
  const running: RunningIngestion[] = [];
  const clock = new TestClock();

  beforeAll(async () => {
    sim = await startSim({ batchWindowMs: 10 });
    config = await testConfig(sim, LIFETIME);
  });

  afterAll(async () => {
    await Promise.allSettled(running.map((r) => r.close()));
    await sim?.simulator.stop();
  });

  async function start(overrides: Record<string, string> = {}): Promise<RunningIngestion> {
    const replicaConfig = { ...config, ...(await testConfig(sim, LIFETIME)), ...overrides };
    const replica = await boot(
      { ...replicaConfig, KAFKA_TOPIC_PREFIX: config.KAFKA_TOPIC_PREFIX },
      { now: clock.now },
    );
    running.push(replica);
    await replica.store.whenCaughtUp();
    return replica;
  }

  it('two replicas create one subscription and never renew it twice', async () => {
    const replicas = [await start(), await start()];
    await waitFor(
      () =>
        replicas.every((r) => r.leadership.isMember) &&
        replicas.filter((r) => r.leadership.isLeader()).length === 1,
      { description: 'a stable group of two' },
    );
    const leader = await leaderOf(replicas);
    await Promise.all(replicas.map((r) => r.manager.tick()));
    await waitFor(() => replicas.every((r) => r.store.snapshot().subscriptions.size === 1));
    const [created] = await simSubscriptions(sim);

    clock.advance(43 * MINUTE_MS);
    await Promise.all(replicas.map((r) => r.manager.tick()));
    await Promise.all(replicas.map((r) => r.manager.tick()));

    expect(await simSubscriptions(sim)).toHaveLength(1);
    expect(await requestCount(sim, 'POST', /\/v1\.0\/subscriptions$/)).toBe(1);
    expect(await requestCount(sim, 'PATCH', /\/v1\.0\/subscriptions\//)).toBe(1);
    expect(leader.store.lookup(created?.id ?? '')?.change).toBe('renewed');
  }, 60_000);

  it('does not renew before 60 % of the lifetime', async () => {
    const leader = await leaderOf(running);
    const before = await requestCount(sim, 'PATCH', /\/v1\.0\/subscriptions\//);

    clock.advance(30 * MINUTE_MS);
    await leader.manager.tick();

    expect(await requestCount(sim, 'PATCH', /\/v1\.0\/subscriptions\//)).toBe(before);
  });

  it('hands leadership over when the leader stops, and the new leader renews', async () => {
    const leader = await leaderOf(running);
    const follower = running.find((r) => r !== leader) as RunningIngestion;
    const before = await requestCount(sim, 'PATCH', /\/v1\.0\/subscriptions\//);

    await leader.close();
    running.splice(running.indexOf(leader), 1);
    await waitFor(() => follower.leadership.isLeader(), { description: 'takeover' });
    clock.advance(15 * MINUTE_MS);
    await follower.manager.tick();

    expect(await requestCount(sim, 'PATCH', /\/v1\.0\/subscriptions\//)).toBe(before + 1);
  }, 60_000);

  it('recreates the subscription when Graph answers 404 to the renewal', async () => {
    const leader = await leaderOf(running);
    const [old] = await simSubscriptions(sim);
    await simCall(sim, `/_sim/subscriptions/${old?.id ?? ''}/expire`, { method: 'POST' });

    clock.advance(45 * MINUTE_MS);
    await leader.manager.tick();

    const now = await simSubscriptions(sim);
    expect(now).toHaveLength(1);
    expect(now[0]?.id).not.toBe(old?.id);
    expect(leader.store.lookup(old?.id ?? '')?.change).toBe('removed');
    expect(leader.store.lookup(now[0]?.id ?? '')?.change).toBe('created');
  });

  it('backfills every record of the gap after an outage', async () => {
    const leader = await leaderOf(running);
    await leader.close();
    running.splice(running.indexOf(leader), 1);
    const gapStart = clock.now();
    const ids = Array.from({ length: 130 }, () => uniqueName('gap'));
    ids.forEach((id, i) =>
      sim.simulator.seedCallRecord(callRecordAt(id, new Date(gapStart.getTime() - i * 1_000))),
    );

    const replica = await start();
    await waitFor(() => replica.leadership.isLeader(), { description: 'leader after outage' });
    await replica.manager.tick();

    const events = await readNotifications(testKafka(config), replica.topics.notifications);
    const backfilled = new Set(
      events.filter((e) => e.payload.source === 'backfill').map((e) => e.payload.callRecordId),
    );
    expect(ids.filter((id) => !backfilled.has(id))).toEqual([]);
  }, 60_000);
});
