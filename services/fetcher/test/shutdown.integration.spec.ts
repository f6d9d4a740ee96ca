import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CallRecordFetchedV1Definition, prefixedTopic, TOPICS } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import type { Kafka } from '@callrecords/kafka';
import { aCallRecord, getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import {
  fetcherEnv,
  notify,
  readCommitted,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';
import type { InProcessFetcher } from './fetcher-harness';

const EVENTS = 400;
const idOf = (key: string) => key.split(':').pop() ?? '';

interface Sample {
  readonly status: number | 'closed';
  readonly shuttingDown: boolean;
  readonly consumerUp: boolean;
  /** Members of the group, read once the close resolved (a describe is too slow to poll with). */
  readonly members?: number;
}

interface ReadyBody {
  readonly shuttingDown?: boolean;
  readonly checks?: Record<string, { status: string }>;
}

async function readiness(app: InProcessFetcher['app']): Promise<Omit<Sample, 'members'>> {
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
  running: InProcessFetcher,
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
  options: { group: string; topic: string; expected: () => number },
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
    await waitFor(() => ids.length >= options.expected(), {
      timeoutMs: 15_000,
      description: 'the unprocessed messages from the committed offsets',
    });
  } finally {
    await consumer.disconnect();
  }
  return ids;
}

describe('fetcher graceful shutdown (real Kafka, Graph simulator)', () => {
  const prefix = `${uniqueName('fetchstop')}.`;
  let dir: string;
  let simulator: Simulator;
  let started: StartedSimulator;
  let kafka: Kafka;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fetcher-shutdown-'));
    simulator = createSimulator({ caFile: join(dir, 'ca.pem'), httpPort: 0 });
    started = await simulator.start();
    kafka = testKafka(getTestEnv().kafkaBrokers);
  });

  afterAll(async () => {
    await simulator?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('flips readiness first, finishes and commits the in-flight transaction, then disconnects', async () => {
    const fetcher = await startInProcessFetcher(
      fetcherEnv(
        {
          graphUrl: started.graphUrl,
          clientId: started.clientId,
          clientSecret: started.clientSecret,
          tenantIds: [started.tenantId],
          caFile: join(dir, 'ca.pem'),
        },
        {
          brokers: getTestEnv().kafkaBrokers,
          prefix,
          extra: { FETCHER_BATCH_SIZE: '10', FETCHER_CONCURRENCY: '4' },
        },
      ),
    );
    const { topics } = fetcher.runtime;
    const records = await readCommitted(kafka, topics.records, CallRecordFetchedV1Definition);
    try {
      const ids = Array.from({ length: EVENTS }, (_, n) => {
        const record = aCallRecord({
          id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        });
        simulator.seedCallRecord(record, started.tenantId);
        return record.id;
      });
      const notifications = prefixedTopic(TOPICS.notifications, prefix).name;
      await notify(
        kafka,
        notifications,
        ids.map((callRecordId) => ({ tenantId: started.tenantId, callRecordId })),
      );
      await waitFor(() => records.messages.length > 0, {
        timeoutMs: 20_000,
        description: 'the fetcher under load',
      });

      const samples = await closeWatching(fetcher, kafka, topics.group);

      // 1. Readiness said 503 / shuttingDown while the consumer was still a member of the group.
      const first503 = samples.findIndex((s) => s.status === 503);
      expect(samples[first503]).toMatchObject({ shuttingDown: true, consumerUp: true });
      expect(samples.slice(first503).some((s) => s.status === 200)).toBe(false);
      // 4. At the end the consumer left the group and the HTTP server is closed.
      expect(samples.at(-1)).toMatchObject({ status: 'closed', members: 0 });

      // 2 + 3. Every record produced (committed transaction) has its notification offset committed
      // with it, nothing more: a new member of the group resumes exactly after it.
      const resumed = await resumeFromCommitted(kafka, {
        group: topics.group,
        topic: notifications,
        expected: () => EVENTS - records.messages.length,
      });
      const fetched = records.messages.map((m) => idOf(m.key));
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.length).toBeLessThan(EVENTS); // closed under load, not after draining
      expect(fetched.length + resumed.length).toBe(EVENTS);
      expect(new Set([...fetched, ...resumed]).size).toBe(EVENTS);
    } finally {
      await records.stop();
      await fetcher.close();
    }
  }, 30_000);
});
