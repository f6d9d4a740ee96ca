import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { CallRecordFetchedV1Definition, graphKey } from '@callrecords/contracts';
import type { CallRecord } from '@callrecords/contracts';
// The Graph simulator stands in for Graph and Entra (STYLE.md 2.13).
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { aMeetingWithSessions, startPrivateKafka, uniqueName, waitFor } from '@callrecords/testing';
import type { PrivateKafka } from '@callrecords/testing';

import {
  fetcherEnv,
  notify,
  readCommitted,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';
import type { SimulatorEndpoints } from './fetcher-harness';

let dir: string;
let simulator: Simulator;
let started: StartedSimulator;
let endpoints: SimulatorEndpoints;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fetcher-crash-'));
  simulator = createSimulator({ caFile: join(dir, 'ca.pem') });
  started = await simulator.start();
  endpoints = {
    graphUrl: started.graphUrl,
    clientId: started.clientId,
    clientSecret: started.clientSecret,
    tenantIds: [started.tenantId],
    caFile: join(dir, 'ca.pem'),
  };
  // Every Graph answer takes a while, so the batches are still in flight when the faults hit.
  simulator.addFault({ kind: 'latency', latencyMs: 40, durationMs: 10 * 60 * 1000 });
});

afterAll(async () => {
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function seedMeetings(count: number, firstSeed: number): CallRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const record = aMeetingWithSessions(2, firstSeed + i);
    simulator.seedCallRecord(record, started.tenantId);
    return record;
  });
}

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
  });

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
    const meetings = seedMeetings(80, 7_000);
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
        timeoutMs: 60_000,
        description: 'every record after the broker restart',
      });
    } finally {
      await records.stop();
      await fetcher.close();
    }

    const counts = countsByKey(records.messages.map((m) => m.key));
    expect([...counts.keys()].sort()).toEqual([...keys].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});
