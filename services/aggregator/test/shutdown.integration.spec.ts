import { randomUUID } from 'node:crypto';

import { consumerGroup, prefixedGroup, TOPICS } from '@callrecords/contracts';
import { readTopicSnapshot } from '@callrecords/kafka';
import {
  aPstnCallRow,
  aPstnCallRowEvent,
  waitFor,
  closeWatchingReadiness,
  resumeFromCommitted,
} from '@callrecords/testing';

import { configOf, startInProcess, testEnvironment, TestPipeline } from './aggregator-harness';

const EVENTS = 3_000;

/**
 * Source ids of the PSTN rows whose contribution is durable: committed to the aggregator's
 * changelog topic (keys `topic/partition|tenant|pstn|rowId`), in the transaction of their offsets.
 */
async function contributedRowIds(pipeline: TestPipeline): Promise<string[]> {
  const changelog = await readTopicSnapshot(
    pipeline.kafka,
    pipeline.topic(TOPICS.aggregatorContributions),
  );
  return [...changelog.keys()].map((key) => key.slice(key.lastIndexOf('|') + 1));
}

describe('aggregator graceful shutdown (real Kafka and OpenSearch)', () => {
  const config = configOf(
    testEnvironment({ AGGREGATOR_BATCH_SIZE: '50', AGGREGATOR_CONCURRENT_PARTITIONS: '1' }),
  );
  const pipeline = new TestPipeline(config);
  const group = prefixedGroup(consumerGroup('aggregator'), config.KAFKA_TOPIC_PREFIX);

  beforeAll(async () => {
    await pipeline.init();
  });

  afterAll(async () => {
    await pipeline.close();
  });

  it('flips readiness first, finishes and commits the in-flight batch, then disconnects', async () => {
    const aggregator = await startInProcess(config);
    const rowIds = Array.from({ length: EVENTS }, () => randomUUID());
    await pipeline.produce(
      rowIds.map((id) => aPstnCallRowEvent(aPstnCallRow({ id }), randomUUID())),
    );
    await waitFor(async () => (await pipeline.readRollups()).size > 0, {
      timeoutMs: 20_000,
      description: 'the aggregator under load',
    });

    const samples = await closeWatchingReadiness(aggregator, {
      kafka: pipeline.kafka,
      group: group,
    });

    // 1. Readiness said 503 / shuttingDown while the consumer was still a member of the group.
    const first503 = samples.findIndex((s) => s.status === 503);
    expect(samples[first503]).toMatchObject({ shuttingDown: true, consumerUp: true });
    expect(samples.slice(first503).some((s) => s.status === 200)).toBe(false);
    // 4. At the end the consumer left the group and the HTTP server is closed.
    expect(samples.at(-1)).toMatchObject({ status: 'closed', members: 0 });

    // 2 + 3. Everything aggregated is committed, nothing more: a new member resumes exactly after it.
    const done = await contributedRowIds(pipeline);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(EVENTS); // closed under load, not after draining
    const resumed = await resumeFromCommitted(pipeline.kafka, {
      group,
      topic: pipeline.topic(TOPICS.pstnCalls),
      expected: () => EVENTS - done.length,
    });
    expect(resumed).toHaveLength(EVENTS - done.length);
    expect(new Set([...done, ...resumed]).size).toBe(EVENTS);
  }, 60_000);
});
