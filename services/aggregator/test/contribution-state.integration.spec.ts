import { TOPICS } from '@callrecords/contracts';
import {
  createTransactionalProducer,
  ensureTopics,
  readTopicSnapshot,
  topicSpecs,
} from '@callrecords/kafka';
import type { TransactionalProducer } from '@callrecords/kafka';
import { createMetricsRegistry } from '@callrecords/service-kit';

import { ContributionState } from '../src/contributions/contribution-state';
import { ContributionStore } from '../src/contributions/contribution-store.repository';
import type { ContributionDocument } from '../src/domain/contribution-plan';
import { configOf, SILENT, testEnvironment, TestPipeline } from './aggregator-harness';

// The aggregator's state on a real broker: a batch's contributions reach the local store only once
// its transaction committed (lookups see them before, for the batch handled while it commits), a replica that takes the partition over restores the same state from
// the changelog, and contributions past the retention stop counting and leave the changelog.
describe(ContributionState.name, () => {
  const config = configOf(testEnvironment());
  const pipeline = new TestPipeline(config);
  const source = pipeline.topic(TOPICS.records);
  const changelog = pipeline.topic(TOPICS.aggregatorContributions);
  const part = `${source}/3`;
  const cutoff = '2026-11-21T00:00:00.000Z';
  // Tenant t2 keeps its calls a shorter time (PRIVACY_RETENTION_DAYS override).
  const T2_CUTOFF = '2026-11-22T00:00:00.000Z';
  const stores: ContributionStore[] = [];
  let producer: TransactionalProducer;
  let clock = Date.parse('2026-11-22T12:00:00.000Z');

  function aState(): ContributionState {
    const store = ContributionStore.open();
    stores.push(store);
    return new ContributionState({
      kafka: pipeline.kafka,
      store,
      changelog: { topic: changelog, partitions: TOPICS.aggregatorContributions.partitions },
      sources: [source],
      cutoffs: () => ({ default: cutoff, byTenant: new Map([['t2', T2_CUTOFF]]) }),
      now: () => clock,
      logger: SILENT,
      registry: createMetricsRegistry({ service: 'aggregator', defaultMetrics: false }),
    });
  }

  function aContribution(sourceId: string, version: number, hourStart: string) {
    return {
      tenantId: 't1',
      source: 'records',
      sourceId,
      version,
      hourStart,
      dayStart: `${hourStart.slice(0, 10)}T00:00:00.000Z`,
      entries: [{ cell: 'calls\u001ftotal\u001fall', calls: 1, durationMs: 60_000 + version }],
    } satisfies ContributionDocument;
  }

  const R1_V1 = aContribution('r1', 1, '2026-11-21T05:00:00.000Z');
  const R1_V2 = aContribution('r1', 2, '2026-11-21T06:00:00.000Z');
  // Its hour is before the cutoff: it stops counting and is swept out of the changelog.
  const R2_OLD = aContribution('r2', 1, '2026-11-20T23:00:00.000Z');

  beforeAll(async () => {
    await pipeline.init();
    await ensureTopics(
      pipeline.kafka,
      topicSpecs([TOPICS.aggregatorContributions], {
        prefix: config.KAFKA_TOPIC_PREFIX,
        replicationFactor: 1,
        retention: config.PRIVACY_RETENTION_DAYS,
      }),
    );
    producer = createTransactionalProducer(
      pipeline.kafka,
      `${config.KAFKA_TOPIC_PREFIX}state-test`,
    );
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    stores.forEach((store) => store.close());
    await pipeline.close();
  });

  it('applies a staged batch only after its commit, and restores the same state elsewhere', async () => {
    const first = aState();
    first.onAssignment({ memberId: 'a', partitions: { [source]: [3] } });
    await first.prepare(new Map([[part, 0]]));

    // Batch at offsets 0..9: handled, then (the next batch handled meanwhile) committed: its
    // changelog messages sent in a transaction, the runner reports the commit.
    const messages = first.stage(part, { lastOffset: 9, docs: [R1_V1, R2_OLD], sweep: false });
    await first.prepare(new Map([[part, 10]]));
    const whileCommitting = first.lookup(part, ['t1|records|r1']);
    const storedWhileCommitting = stores.at(-1)?.get(part, ['t1|records|r1']);
    await producer.sendAtomically(messages);
    first.committed(part, 10);
    const storedAfterCommit = stores.at(-1)?.get(part, ['t1|records|r1']);
    const afterCommit = first.lookup(part, ['t1|records|r1', 't1|records|r2']);
    // Batch at offsets 10..19: never committed, so the partition is consumed from 10 again.
    first.stage(part, { lastOffset: 19, docs: [R1_V2], sweep: false });
    await first.prepare(new Map([[part, 10]]));
    const afterRedelivery = first.lookup(part, ['t1|records|r1']);

    const second = aState();
    second.onAssignment({ memberId: 'b', partitions: { [source]: [3] } });
    await second.prepare(new Map([[part, 10]]));
    const restored = second.lookup(part, ['t1|records|r1', 't1|records|r2']);

    expect([...whileCommitting.values()]).toEqual([R1_V1]);
    expect(storedWhileCommitting?.size).toBe(0);
    expect([...(storedAfterCommit?.values() ?? [])]).toEqual([R1_V1]);
    expect([...afterCommit.values()]).toEqual([R1_V1]);
    expect([...afterRedelivery.values()]).toEqual([R1_V1]);
    expect([...restored.values()]).toEqual([R1_V1]);
  });

  it('drops every batch handled ahead when the one before them was not committed', async () => {
    // A partition of its own (nothing in its changelog): the state holds what this test commits.
    const own = `${source}/4`;
    const state = aState();
    state.onAssignment({ memberId: 'p', partitions: { [source]: [4] } });
    await state.prepare(new Map([[own, 0]]));
    state.stage(own, { lastOffset: 29, docs: [R1_V1], sweep: false });
    state.committed(own, 30);
    await state.prepare(new Map([[own, 30]]));
    const before = state.lookup(own, ['t1|records|r1']);

    // Offsets 30..39 handled; 40..49 handled while 30..39 commits, and that commit fails.
    state.stage(own, { lastOffset: 39, docs: [R1_V2], sweep: false });
    await state.prepare(new Map([[own, 40]]));
    const ahead = state.lookup(own, ['t1|records|r1']);
    state.stage(own, { lastOffset: 49, docs: [{ ...R1_V2, version: 3 }], sweep: false });
    await state.prepare(new Map([[own, 30]]));
    state.committed(own, 30);
    const redelivered = state.lookup(own, ['t1|records|r1']);

    expect([...before.values()]).toEqual([R1_V1]);
    expect([...ahead.values()]).toEqual([R1_V2]);
    expect([...redelivered.values()]).toEqual([R1_V1]);
  });

  it('sweeps contributions past the retention out of the changelog, at most hourly', async () => {
    const state = aState();
    state.onAssignment({ memberId: 'c', partitions: { [source]: [3] } });
    await state.prepare(new Map([[part, 10]]));

    const sweep = state.stage(part, { lastOffset: 12, docs: [R1_V2], sweep: true });
    await producer.sendAtomically(sweep);
    state.committed(part, 13);
    await state.prepare(new Map([[part, 13]]));
    clock += 60_000;
    const tooSoon = state.stage(part, { lastOffset: 14, docs: [], sweep: true });
    const snapshot = await readTopicSnapshot(pipeline.kafka, changelog);

    expect(sweep.map((m) => [m.key, m.value === null])).toEqual([
      [`${part}|t1|records|r1`, false],
      [`${part}|t1|records|r2`, true],
    ]);
    expect(sweep.every((m) => m.partition === 3)).toBe(true);
    expect(tooSoon).toEqual([]);
    expect([...snapshot.keys()]).toEqual([`${part}|t1|records|r1`]);
  });

  it('drops a contribution past its own tenant’s cutoff: not counted, tombstoned, not restored', async () => {
    // Hour 05:00 on 2026-11-21: kept under the default cutoff (t1's r1), past t2's.
    const T2_OLD = { ...aContribution('r3', 1, '2026-11-21T05:00:00.000Z'), tenantId: 't2' };
    const state = aState();
    state.onAssignment({ memberId: 'd', partitions: { [source]: [3] } });
    await state.prepare(new Map([[part, 20]]));

    await producer.sendAtomically(
      state.stage(part, { lastOffset: 20, docs: [T2_OLD], sweep: false }),
    );
    state.committed(part, 21);
    await state.prepare(new Map([[part, 21]]));
    const counted = state.lookup(part, ['t1|records|r1', 't2|records|r3']);
    const sweep = state.stage(part, { lastOffset: 21, docs: [], sweep: true });
    await producer.sendAtomically(sweep);
    state.committed(part, 22);
    await state.prepare(new Map([[part, 22]]));
    const restored = aState();
    restored.onAssignment({ memberId: 'e', partitions: { [source]: [3] } });
    await restored.prepare(new Map([[part, 22]]));

    expect([...counted.keys()]).toEqual(['t1|records|r1']);
    expect(sweep.map((m) => [m.key, m.value])).toEqual([[`${part}|t2|records|r3`, null]]);
    expect([...restored.lookup(part, ['t1|records|r1', 't2|records|r3']).keys()]).toEqual([
      't1|records|r1',
    ]);
  });
});
