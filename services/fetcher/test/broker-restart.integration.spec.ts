import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { CallRecordFetchedV1Definition, graphKey } from '@callrecords/contracts';
// The Graph simulator stands in for Graph and Entra (STYLE.md 2.13).
import type { StartedSimulator } from '@callrecords/graph-simulator';
import { startPrivateKafka, uniqueName, waitFor } from '@callrecords/testing';
import type { PrivateKafka } from '@callrecords/testing';

import {
  fetcherEnv,
  notify,
  readCommitted,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';
import type { SimulatorEndpoints } from './fetcher-harness';
import { startSlowSimulator } from './slow-simulator';
import type { SlowSimulator } from './slow-simulator';

let sim: SlowSimulator;
let started: StartedSimulator;
let endpoints: SimulatorEndpoints;

beforeAll(async () => {
  sim = await startSlowSimulator();
  ({ started, endpoints } = sim);
});

afterAll(async () => {
  await sim?.stop();
});

function countsByKey(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('fetcher: a broker restart', () => {
  let broker: PrivateKafka;

  beforeAll(async () => {
    broker = await startPrivateKafka();
  }, 180_000);

  afterAll(async () => {
    await broker?.close();
  });

  it('loses and duplicates nothing across a broker restart', async () => {
    const log = process.env['FETCHER_TEST_LOG_LEVEL'] ?? 'silent';
    const prefix = `${uniqueName('fetcher-broker')}.`;
    const fetcher = await startInProcessFetcher(
      fetcherEnv(endpoints, {
        brokers: broker.brokers,
        prefix,
        extra: {
          FETCHER_BATCH_SIZE: '10',
          FETCHER_CONCURRENCY: '4',
          FETCHER_CONSUMER_RESTART_AFTER_SECONDS: '3',
          LOG_LEVEL: log,
        },
      }),
    );
    const kafka = testKafka(broker.brokers);
    const meetings = sim.seedMeetings(80, 7_000);
    const keys = meetings.map((m) => graphKey(started.tenantId, m.id));
    const records = await readCommitted(
      kafka,
      fetcher.runtime.topics.records,
      CallRecordFetchedV1Definition,
    );

    await notify(
      kafka,
      fetcher.runtime.topics.notifications,
      meetings.map((m) => ({ tenantId: started.tenantId, callRecordId: m.id })),
    );
    await waitFor(() => records.messages.length >= 10, {
      timeoutMs: 30_000,
      description: 'some records',
    });
    await broker.stop();
    await broker.start();
    try {
      await waitFor(() => new Set(records.messages.map((m) => m.key)).size >= keys.length, {
        // A restarted private broker takes up to ~75 s to lead its partitions again at load ~20.
        timeoutMs: 180_000,
        description: 'every record after the broker restart',
      });
    } finally {
      await records.stop();
      await fetcher.close();
    }

    const counts = countsByKey(records.messages.map((m) => m.key));
    expect([...counts.keys()].sort()).toEqual([...keys].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 300_000);
});
