import { uniqueName, waitFor } from '@callrecords/testing';
import { createSimulator } from '@callrecords/graph-simulator';

import type { RunningIngestion } from '../src/bootstrap';
import type { IngestionConfig } from '../src/config';
import type { SimHandle } from './harness';
import {
  boot,
  callRecordAt,
  deleteSilently,
  publishedCounts,
  requestCount,
  simAllSubscriptions,
  simCall,
  simSubscriptions,
  testConfig,
  TestClock,
} from './harness';

// Graph's truth against our memory (issue #19): subscriptions lost on Graph's side without a
// lifecycle notification come back, and what was created meanwhile is published exactly once.

async function startSim(): Promise<SimHandle> {
  const simulator = createSimulator({ batchWindowMs: 10, httpPort: 0 });
  return { simulator, started: await simulator.start() };
}

const LIFETIME = { INGESTION_SUBSCRIPTION_LIFETIME_MINUTES: '60' };
const RECONCILE_MS = 2_000;
const POST_SUBSCRIPTION = /\/v1\.0\/subscriptions$/;

function seedRecords(sim: SimHandle, prefix: string, count: number): string[] {
  const ids = Array.from({ length: count }, () => uniqueName(prefix));
  for (const id of ids) {
    sim.simulator.seedCallRecord(callRecordAt(id, new Date()));
  }
  return ids;
}

/** Waits until each id was published, then returns how often each one was. */
async function waitPublished(
  config: IngestionConfig,
  topic: string,
  ids: readonly string[],
): Promise<number[]> {
  const counts = await waitFor(
    async () => {
      const published = await publishedCounts(config, topic);
      return ids.every((id) => published.has(id)) ? published : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250, description: `${ids.length} records published` },
  );
  return ids.map((id) => counts.get(id) ?? 0);
}

async function leaderOf(...replicas: RunningIngestion[]): Promise<RunningIngestion> {
  return waitFor(() => replicas.find((r) => r.leadership.isLeader()), {
    description: 'a leader',
  });
}

describe('reconciliation with Graph', () => {
  const sims: SimHandle[] = [];
  const running: RunningIngestion[] = [];

  afterAll(async () => {
    await Promise.allSettled(running.map((r) => r.close()));
    await Promise.allSettled(sims.map((s) => s.simulator.stop()));
  });

  async function newSim(): Promise<SimHandle> {
    const sim = await startSim();
    sims.push(sim);
    return sim;
  }

  async function start(config: IngestionConfig, clock?: TestClock): Promise<RunningIngestion> {
    const replica = await boot(config, clock ? { now: clock.now } : {});
    running.push(replica);
    await replica.store.whenCaughtUp();
    return replica;
  }

  async function stop(replica: RunningIngestion): Promise<void> {
    running.splice(running.indexOf(replica), 1);
    await replica.close();
  }

  it('recreates a silently deleted subscription at the next reconcile and publishes each record of the gap once', async () => {
    const sim = await newSim();
    const config = await testConfig(sim, {
      ...LIFETIME,
      INGESTION_SCHEDULER_INTERVAL_MS: '200',
      INGESTION_RECONCILE_INTERVAL_MS: String(RECONCILE_MS),
    });
    const ingestion = await start(config);
    const [first] = await waitFor(async () => {
      const subscriptions = await simSubscriptions(sim);
      return subscriptions.length > 0 ? subscriptions : undefined;
    });
    const topic = ingestion.topics.notifications;
    // Notifications of a subscription not folded yet are dropped as unknown (README, failure modes).
    await waitFor(() => ingestion.store.lookup(first?.id ?? ''), { description: 'state folded' });
    await waitPublished(config, topic, seedRecords(sim, 'before', 3));

    await deleteSilently(sim, first?.id ?? '');
    const deletedAt = Date.now();
    const gap = seedRecords(sim, 'gap', 20);
    const [second] = await waitFor(
      async () => {
        const subscriptions = await simSubscriptions(sim);
        return subscriptions.length > 0 ? subscriptions : undefined;
      },
      { timeoutMs: 3 * RECONCILE_MS, intervalMs: 50, description: 'a new subscription' },
    );
    const recreatedMs = Date.now() - deletedAt;
    const gapCounts = await waitPublished(config, topic, gap);
    const after = seedRecords(sim, 'after', 3);
    const afterCounts = await waitPublished(config, topic, after);

    expect(second?.id).not.toBe(first?.id);
    // The next run comes within one period (plus a tick and the create's handshake).
    expect(recreatedMs).toBeLessThan(RECONCILE_MS + 2_000);
    expect(gapCounts).toEqual(gap.map(() => 1));
    expect(afterCounts).toEqual(after.map(() => 1));
    expect(ingestion.store.lookup(first?.id ?? '')?.change).toBe('removed');
  }, 60_000);

  it('recovers the same way after a restart of an empty simulator, with the state kept in Kafka', async () => {
    const firstSim = await newSim();
    const firstConfig = await testConfig(firstSim, LIFETIME);
    const before = await start(firstConfig);
    await (await leaderOf(before)).manager.tick();
    const [lost] = await simSubscriptions(firstSim);
    await stop(before);
    await firstSim.simulator.stop();

    const sim = await newSim();
    const whileDown = seedRecords(sim, 'down', 10);
    const config = {
      ...(await testConfig(sim, LIFETIME)),
      KAFKA_TOPIC_PREFIX: firstConfig.KAFKA_TOPIC_PREFIX,
    };
    const ingestion = await start(config);
    await (await leaderOf(ingestion)).manager.tick();
    const downCounts = await waitPublished(config, ingestion.topics.notifications, whileDown);
    const afterRestart = seedRecords(sim, 'restarted', 10);
    const afterCounts = await waitPublished(config, ingestion.topics.notifications, afterRestart);

    expect(await simSubscriptions(sim)).toHaveLength(1);
    expect(ingestion.store.lookup(lost?.id ?? '')?.change).toBe('removed');
    expect(downCounts).toEqual(whileDown.map(() => 1));
    expect(afterCounts).toEqual(afterRestart.map(() => 1));
  }, 90_000);

  // Two replicas on one state; the leader's subscription then deleted silently on Graph.
  async function twoReplicasLosingTheirSubscription(sim: SimHandle) {
    const shared = await testConfig(sim, LIFETIME);
    const withPrefix = async (): Promise<IngestionConfig> => ({
      ...(await testConfig(sim, LIFETIME)),
      KAFKA_TOPIC_PREFIX: shared.KAFKA_TOPIC_PREFIX,
    });
    const clock = new TestClock();
    const replicas = [
      await start(await withPrefix(), clock),
      await start(await withPrefix(), clock),
    ];
    await waitFor(() => replicas.every((r) => r.leadership.isMember), { description: 'a group' });
    const leader = await leaderOf(...replicas);
    const follower = replicas.find((r) => r !== leader) as RunningIngestion;
    await leader.manager.tick();
    const [lost] = await simSubscriptions(sim);
    await waitFor(() => follower.store.lookup(lost?.id ?? ''), { description: 'state folded' });
    await deleteSilently(sim, lost?.id ?? '');
    // The next tick reconciles: the period has passed on the scheduler's clock.
    clock.advance(6 * 60_000);
    const createsBefore = await requestCount(sim, 'POST', POST_SUBSCRIPTION);
    return { leader, follower, clock, createsBefore };
  }

  // Starts the leader's tick with a slow Graph request, then hands partition 0 to the follower.
  async function handOverDuring(
    sim: SimHandle,
    replicas: { leader: RunningIngestion; follower: RunningIngestion },
    slow: { method: string; pathPattern: string },
  ): Promise<{ interrupted: Promise<void> }> {
    sim.simulator.addFault({ kind: 'latency', latencyMs: 8_000, ...slow });
    const interrupted = replicas.leader.manager.tick();
    await waitFor(
      async () => {
        const faults = (await (await simCall(sim, '/_sim/faults')).json()) as { value: unknown[] };
        return faults.value.length === 0;
      },
      { intervalMs: 20, description: 'the slow request sent' },
    );
    await replicas.leader.leadership.stop();
    await waitFor(() => replicas.follower.leadership.isLeader(), { description: 'takeover' });
    // Wrapped: an async function returning a promise would wait for it.
    return { interrupted };
  }

  it('creates one subscription when leadership changes hands while the leader lists Graph', async () => {
    const sim = await newSim();
    const replicas = await twoReplicasLosingTheirSubscription(sim);
    const { follower, createsBefore } = replicas;

    const { interrupted } = await handOverDuring(sim, replicas, {
      method: 'GET',
      pathPattern: '^/v1\\.0/subscriptions$',
    });
    await follower.manager.tick();
    await interrupted;
    await follower.manager.tick();

    const subscriptions = await simSubscriptions(sim);
    expect(subscriptions).toHaveLength(1);
    expect(await requestCount(sim, 'POST', POST_SUBSCRIPTION)).toBe(createsBefore + 1);
    expect(follower.store.lookup(subscriptions[0]?.id ?? '')?.change).toBe('created');
  }, 90_000);

  it("keeps one subscription when a former leader's create lands after the takeover", async () => {
    const sim = await newSim();
    const replicas = await twoReplicasLosingTheirSubscription(sim);
    const { follower, clock } = replicas;

    const { interrupted } = await handOverDuring(sim, replicas, {
      method: 'POST',
      pathPattern: '^/v1\\.0/subscriptions$',
    });
    await follower.manager.tick();
    const [ours] = await simSubscriptions(sim);
    await interrupted;
    const landed = (await simSubscriptions(sim)).find((s) => s.id !== ours?.id);
    await waitFor(() => follower.store.lookup(landed?.id ?? ''), {
      description: 'late create folded',
    });
    clock.advance(6 * 60_000);
    await follower.manager.tick();

    const subscriptions = await simSubscriptions(sim);
    expect(landed).toBeDefined();
    expect(subscriptions.map((s) => s.id)).toEqual([ours?.id]);
    expect(follower.store.lookup(landed?.id ?? '')?.change).toBe('deleted');
  }, 90_000);

  it('deletes the subscription of a tenant removed from the configuration', async () => {
    const sim = await newSim();
    const { tenantId, secondTenantId } = sim.started;
    const bothConfig = await testConfig(sim, {
      ...LIFETIME,
      GRAPH_TENANT_IDS: `${tenantId},${secondTenantId}`,
    });
    const both = await start(bothConfig);
    await (await leaderOf(both)).manager.tick();
    const created = await simAllSubscriptions(sim);
    const removedTenant = created.find((s) => s.tenantId === secondTenantId);
    await stop(both);

    const config = {
      ...(await testConfig(sim, LIFETIME)),
      KAFKA_TOPIC_PREFIX: bothConfig.KAFKA_TOPIC_PREFIX,
    };
    const ingestion = await start(config);
    await (await leaderOf(ingestion)).manager.tick();

    const left = await simAllSubscriptions(sim);
    expect(created.map((s) => s.tenantId).sort()).toEqual([tenantId, secondTenantId].sort());
    expect(left.map((s) => s.tenantId)).toEqual([tenantId]);
    expect(ingestion.store.lookup(removedTenant?.id ?? '')?.change).toBe('deleted');
  }, 60_000);
});
