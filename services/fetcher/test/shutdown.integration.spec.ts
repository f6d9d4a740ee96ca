import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CallRecordFetchedV1Definition, prefixedTopic, TOPICS } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import type { Kafka } from '@callrecords/kafka';
import {
  aCallRecord,
  getTestEnv,
  uniqueName,
  waitFor,
  closeWatchingReadiness,
  resumeFromCommitted,
} from '@callrecords/testing';

import {
  fetcherEnv,
  notify,
  readCommitted,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';

const EVENTS = 400;
const idOf = (key: string) => key.split(':').pop() ?? '';

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

      const samples = await closeWatchingReadiness(fetcher, { kafka: kafka, group: topics.group });

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
