import { randomUUID } from 'node:crypto';

import { createEvent, PstnCallRowV1Definition } from '@callrecords/contracts';
import type { Kafka } from '@callrecords/kafka';
import { aPstnCallRow, EXAMPLE_TENANT_ID, uniqueName, waitFor } from '@callrecords/testing';

import type { RunningIndexer } from '../src/bootstrap';
import { createIndexerHarness } from './indexer-harness';
import type { IndexerHarness } from './indexer-harness';

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

async function readiness(app: RunningIndexer['app']): Promise<Sample> {
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
  running: RunningIndexer,
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
    await harness.produce(rowIds.map(pstnEvent));
    await waitFor(async () => (await harness.documents('pstnCalls')).size > 0, {
      timeoutMs: 20_000,
      description: 'the indexer under load',
    });

    const samples = await closeWatching(indexer, harness.kafka, harness.topics.group);

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
      expected: EVENTS - indexed.length,
    });
    expect(resumed).toHaveLength(EVENTS - indexed.length);
    expect(new Set([...indexed, ...resumed]).size).toBe(EVENTS);
  }, 30_000);
});
