import { randomUUID } from 'node:crypto';

import {
  aPstnCallRow,
  aPstnCallRowEvent,
  uniqueName,
  waitFor,
  closeWatchingReadiness,
  resumeFromCommitted,
} from '@callrecords/testing';

import { createIndexerHarness } from './indexer-harness';
import type { IndexerHarness } from './indexer-harness';

const EVENTS = 3_000;

describe('indexer graceful shutdown (real Kafka and OpenSearch)', () => {
  let harness: IndexerHarness;

  beforeAll(async () => {
    harness = await createIndexerHarness(uniqueName('idxstop'));
  });

  afterAll(async () => {
    await harness.close();
  });

  it('flips readiness first, finishes and commits the in-flight batch, then leaves the group', async () => {
    const indexer = await harness.start({
      INDEXER_BATCH_SIZE: '50',
      INDEXER_PARTITIONS_CONCURRENCY: '1',
    });
    const rowIds = Array.from({ length: EVENTS }, () => randomUUID());
    await harness.produce(
      rowIds.map((id) => aPstnCallRowEvent(aPstnCallRow({ id }), randomUUID())),
    );
    await waitFor(async () => (await harness.documents('pstnCalls')).size > 0, {
      timeoutMs: 20_000,
      description: 'the indexer under load',
    });

    const samples = await closeWatchingReadiness(indexer, {
      kafka: harness.kafka,
      group: harness.topics.group,
    });

    // 1. Readiness said 503 / shuttingDown while the consumer was still a member of the group.
    const first503 = samples.findIndex((s) => s.status === 503);
    expect(samples[first503]).toMatchObject({ shuttingDown: true, consumerUp: true });
    expect(samples.slice(first503).some((s) => s.status === 200)).toBe(false);
    // 4. At the end the consumer left the group and the HTTP server is closed.
    expect(samples.at(-1)).toMatchObject({ status: 'closed', members: 0 });

    // 2 + 3. Everything indexed is committed, nothing more: a new member resumes exactly after it.
    const indexed = [...(await harness.documents('pstnCalls')).keys()].map((id) =>
      id.split(':').pop(),
    );
    expect(indexed.length).toBeGreaterThan(0);
    expect(indexed.length).toBeLessThan(EVENTS); // closed under load, not after draining
    const topic = harness.topics.inputs[1] as string;
    const resumed = await resumeFromCommitted(harness.kafka, {
      group: harness.topics.group,
      topic,
      expected: () => EVENTS - indexed.length,
    });
    expect(resumed).toHaveLength(EVENTS - indexed.length);
    expect(new Set([...indexed, ...resumed]).size).toBe(EVENTS);
  }, 30_000);
});
