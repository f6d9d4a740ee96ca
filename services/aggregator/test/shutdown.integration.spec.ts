import { randomUUID } from 'node:crypto';

import {
  consumerGroup,
  createEvent,
  prefixedGroup,
  PstnCallRowV1Definition,
  TOPICS,
} from '@callrecords/contracts';
import type { Kafka } from '@callrecords/kafka';
import { aPstnCallRow, EXAMPLE_TENANT_ID, waitFor } from '@callrecords/testing';

import type { RunningAggregator } from '../src/bootstrap';
import { aggregatorIndexNames } from '../src/rollups/rollup-indexes.constants';
import { configOf, startInProcess, testEnvironment, TestPipeline } from './aggregator-harness';

const EVENTS = 3_000;
const WINDOW = { fromDateTime: '2019-11-01T00:00:00.000Z', toDateTime: '2019-11-02T00:00:00.000Z' };

interface Sample {
  readonly status: number | 'closed';
  readonly shuttingDown: boolean;
  readonly consumerUp: boolean;
  /** Members of the group, read once the close resolved (a describe is too slow to poll with). */
  readonly members?: number;
}

function pstnEvent(rowId: string) {
  return createEvent(PstnCallRowV1Definition, {
    id: randomUUID(),
    tenantId: EXAMPLE_TENANT_ID,
    correlationId: randomUUID(),
    occurredAt: '2019-11-02T00:00:00.000Z',
    producedAt: '2019-11-02T00:00:01.000Z',
    payload: {
      row: aPstnCallRow({ id: rowId }),
      window: WINDOW,
      fetchedAt: '2019-11-02T00:00:00.500Z',
    },
  });
}

interface ReadyBody {
  readonly shuttingDown?: boolean;
  readonly checks?: Record<string, { status: string }>;
}

async function readiness(app: RunningAggregator['app']): Promise<Omit<Sample, 'members'>> {
  try {
    const response = await app.inject({ url: '/health/ready' });
    const body = response.json<ReadyBody>();
    const consumer = Object.entries(body.checks ?? {}).find(([name]) =>
      name.startsWith('kafka-consumer'),
    );
    return {
      status: response.statusCode,
      shuttingDown: body.shuttingDown === true,
      consumerUp: consumer?.[1].status === 'up',
    };
  } catch {
    return { status: 'closed', shuttingDown: true, consumerUp: false };
  }
}

/** Closes the service while polling readiness in-process, then reads the group: the observable timeline. */
async function closeWatching(
  running: RunningAggregator,
  kafka: Kafka,
  group: string,
): Promise<Sample[]> {
  const admin = kafka.admin();
  await admin.connect();
  const samples: Sample[] = [];
  let finished = false;
  const closed = running.close().finally(() => (finished = true));
  try {
    while (!finished) {
      const ready = await readiness(running.app);
      samples.push(ready);
      // Let the close's network I/O run between probes (inject alone never leaves the microtask queue).
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await closed;
    samples.push({
      status: 'closed',
      shuttingDown: true,
      consumerUp: false,
      members: (await admin.describeGroups([group])).groups[0]?.members.length,
    });
  } finally {
    await admin.disconnect();
  }
  return samples;
}

/** Row ids a fresh member of `group` receives from the committed offsets to the end of `topic`. */
async function resumeFromCommitted(
  kafka: Kafka,
  options: { group: string; topic: string; expected: number },
) {
  const consumer = kafka.consumer({ groupId: options.group, maxWaitTimeInMs: 100 });
  const ids: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: ({ message }) => {
      ids.push(String(message.key).split(':').pop() ?? '');
      return Promise.resolve();
    },
  });
  try {
    await waitFor(() => ids.length >= options.expected, {
      timeoutMs: 15_000,
      description: `${options.expected} unprocessed messages from the committed offsets`,
    });
  } finally {
    await consumer.disconnect();
  }
  return ids;
}

/** Source ids of the PSTN rows whose contribution is durable in the aggregator's contributions index. */
async function contributedRowIds(pipeline: TestPipeline): Promise<string[]> {
  const index = aggregatorIndexNames(pipeline.config.OPENSEARCH_INDEX_PREFIX).contributions;
  await pipeline.client.indices.refresh({ index });
  const response = await pipeline.client.search({
    index,
    body: { size: 10_000, query: { match_all: {} }, _source: ['sourceId'] },
  });
  const hits = (response.body as unknown as { hits: { hits: { _source: { sourceId: string } }[] } })
    .hits.hits;
  return hits.map((hit) => hit._source.sourceId);
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
    await pipeline.produce(rowIds.map(pstnEvent));
    await waitFor(async () => (await contributedRowIds(pipeline)).length > 0, {
      timeoutMs: 20_000,
      description: 'the aggregator under load',
    });

    const samples = await closeWatching(aggregator, pipeline.kafka, group);

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
      expected: EVENTS - done.length,
    });
    expect(resumed).toHaveLength(EVENTS - done.length);
    expect(new Set([...done, ...resumed]).size).toBe(EVENTS);
  }, 30_000);
});
