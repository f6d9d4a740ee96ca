import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  CallRecordFetchedV1Definition,
  graphKey,
  ProcessingFailedV1Definition,
  prefixedTopic,
  TOPICS,
  dlqTopic,
} from '@callrecords/contracts';
import type { CallRecord } from '@callrecords/contracts';
// The Graph simulator stands in for Graph and Entra (STYLE.md 2.13).
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import type { Kafka } from '@callrecords/kafka';
import { aMeetingWithSessions, getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import {
  counterValue,
  fetcherEnv,
  notify,
  readCommitted,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';
import type { InProcessFetcher, TopicReader } from './fetcher-harness';

let dir: string;
let simulator: Simulator;
let started: StartedSimulator;
let kafka: Kafka;
let fetcher: InProcessFetcher;
let records: TopicReader<ReturnType<typeof CallRecordFetchedV1Definition.schema.parse>>;
const prefix = `${uniqueName('fetcher')}.`;
const notificationsTopic = prefixedTopic(TOPICS.notifications, prefix).name;

// Tokens live 3 s here (MSAL renews ahead of expiry): every test also runs across token renewals.
const TOKEN_LIFETIME_SECONDS = 3;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fetcher-spec-'));
  simulator = createSimulator({
    caFile: join(dir, 'ca.pem'),
    httpPort: 0,
    tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS,
  });
  started = await simulator.start();
  const brokers = getTestEnv().kafkaBrokers;
  kafka = testKafka(brokers);
  fetcher = await startInProcessFetcher(
    fetcherEnv(
      {
        graphUrl: started.graphUrl,
        clientId: started.clientId,
        clientSecret: started.clientSecret,
        tenantIds: [started.tenantId, started.secondTenantId],
        caFile: join(dir, 'ca.pem'),
      },
      { brokers, prefix },
    ),
  );
  records = await readCommitted(
    kafka,
    fetcher.runtime.topics.records,
    CallRecordFetchedV1Definition,
  );
});

afterAll(async () => {
  await records?.stop();
  await fetcher?.close();
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// What the simulator serves, without the paging annotations Graph adds.
function withoutAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutAnnotations);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !key.includes('@odata.') || key === '@odata.type')
        .map(([key, field]) => [key, withoutAnnotations(field)]),
    );
  }
  return value;
}

function seed(record: CallRecord, tenantId = started.tenantId): CallRecord {
  simulator.seedCallRecord(record, tenantId);
  return record;
}

function fetchedFor(tenantId: string, id: string) {
  return records.messages.filter((m) => m.key === graphKey(tenantId, id));
}

async function waitForRecords(
  expected: readonly { tenantId: string; id: string }[],
  timeoutMs = 30_000,
): Promise<void> {
  await waitFor(() => expected.every((r) => fetchedFor(r.tenantId, r.id).length > 0), {
    timeoutMs,
    description: `${expected.length} records in the records topic`,
  });
}

describe('fetcher: notifications to complete call records', () => {
  it('delivers every notified record once and complete, a meeting with several session pages included', async () => {
    const meeting = seed(aMeetingWithSessions(300, 101));
    const small = [2, 3, 4].map((n) => seed(aMeetingWithSessions(n, 100 + n)));
    const other = seed(aMeetingWithSessions(2, 110), started.secondTenantId);
    const all = [
      ...[meeting, ...small].map((r) => ({ tenantId: started.tenantId, id: r.id })),
      { tenantId: started.secondTenantId, id: other.id },
    ];

    // Duplicates as Graph sends them (retries, created + updated): fetched once per batch.
    await notify(
      kafka,
      notificationsTopic,
      [...all, ...all].map((r) => ({ tenantId: r.tenantId, callRecordId: r.id })),
    );
    await waitForRecords(all);

    expect(all.map((r) => fetchedFor(r.tenantId, r.id).length)).toEqual([1, 1, 1, 1, 1]);
    const produced = fetchedFor(started.tenantId, meeting.id);
    expect(withoutAnnotations(produced[0]?.event.payload.callRecord)).toEqual(meeting);
    expect(produced[0]?.event.payload.callRecord.sessions).toHaveLength(300);
    expect(produced[0]?.event.payload.callRecord.participants_v2).toHaveLength(150);
    // 300 sessions = 5 pages of 60; 150 participants = 2 pages of 130.
    expect(produced[0]?.event.payload.graphRequestCount).toBe(7);
    for (const record of small) {
      expect(
        withoutAnnotations(fetchedFor(started.tenantId, record.id)[0]?.event.payload.callRecord),
      ).toEqual(record);
    }
    expect(
      withoutAnnotations(fetchedFor(started.secondTenantId, other.id)[0]?.event.payload.callRecord),
    ).toEqual(other);
  });

  it('rides out a 429 storm by honouring Retry-After, with every record once', async () => {
    const batch = [20, 21, 22, 23].map((n) => seed(aMeetingWithSessions(2, n)));
    simulator.addFault({ kind: 'status', status: 429, retryAfterSeconds: 0.5, count: 6 });

    await notify(
      kafka,
      notificationsTopic,
      batch.map((r) => ({ tenantId: started.tenantId, callRecordId: r.id })),
    );
    await waitForRecords(batch.map((r) => ({ tenantId: started.tenantId, id: r.id })));

    expect(batch.map((r) => fetchedFor(started.tenantId, r.id).length)).toEqual([1, 1, 1, 1]);
    expect(
      await counterValue(fetcher.registry, 'callrecords_fetcher_retries_total', {
        reason: 'throttled',
      }),
    ).toBeGreaterThan(0);
    expect(
      await counterValue(fetcher.registry, 'callrecords_fetcher_graph_requests_total', {
        status: '429',
      }),
    ).toBe(6);
    // Nothing of the tenant is sent again before the Retry-After has passed.
    const graphCalls = (await requestLog()).requests.filter((r) => r.route.startsWith('/v1.0'));
    const firstThrottled = graphCalls.findIndex((r) => r.status === 429);
    const nextSuccess = graphCalls.slice(firstThrottled).find((r) => r.status === 200);
    expect(
      Date.parse(nextSuccess?.at ?? '') - Date.parse(graphCalls[firstThrottled]?.at ?? ''),
    ).toBeGreaterThanOrEqual(450);
  });

  it('backs off through a 503 burst, with every record once', async () => {
    const batch = [30, 31, 32].map((n) => seed(aMeetingWithSessions(2, n)));
    simulator.addFault({ kind: 'status', status: 503, count: 5 });

    await notify(
      kafka,
      notificationsTopic,
      batch.map((r) => ({ tenantId: started.tenantId, callRecordId: r.id })),
    );
    await waitForRecords(batch.map((r) => ({ tenantId: started.tenantId, id: r.id })));

    expect(batch.map((r) => fetchedFor(started.tenantId, r.id).length)).toEqual([1, 1, 1]);
    expect(
      await counterValue(fetcher.registry, 'callrecords_fetcher_retries_total', {
        reason: 'unavailable',
      }),
    ).toBeGreaterThan(0);
  });

  it('retries a record that is not readable yet through the retry topic until it is', async () => {
    const record = seed(aMeetingWithSessions(2, 40));
    simulator.addFault({ kind: 'status', status: 404, count: 1, pathPattern: record.id });

    await notify(kafka, notificationsTopic, [
      { tenantId: started.tenantId, callRecordId: record.id },
    ]);
    await waitForRecords([{ tenantId: started.tenantId, id: record.id }]);

    expect(fetchedFor(started.tenantId, record.id)).toHaveLength(1);
    expect(
      await counterValue(fetcher.registry, 'callrecords_fetcher_retries_total', {
        reason: 'not-yet-available',
        via: 'topic',
      }),
    ).toBe(1);
  });

  it('dead-letters a record that never becomes readable, with the reason', async () => {
    const deadLetters = await readCommitted(
      kafka,
      prefixedTopic(dlqTopic('fetcher'), prefix).name,
      ProcessingFailedV1Definition,
    );
    const missing = 'ffffffff-0000-4000-8000-00000000dead';

    await notify(kafka, notificationsTopic, [
      { tenantId: started.tenantId, callRecordId: missing },
    ]);
    const dead = await waitFor(
      () => deadLetters.messages.find((m) => m.key === graphKey(started.tenantId, missing)),
      {
        timeoutMs: 20_000,
        description: 'a dead letter',
      },
    );
    await deadLetters.stop();

    expect(dead.event.payload.reason).toMatch(/^not-yet-available: still 404 after 3 deliveries/);
    expect(dead.event.payload.attempts).toBe(3);
    expect(fetchedFor(started.tenantId, missing)).toHaveLength(0);
  });

  it('renews its Graph token when it expires mid-run', async () => {
    const record = seed(aMeetingWithSessions(2, 50));
    const firstToken = await firstTokenRequestAt();
    await waitFor(() => Date.now() - firstToken > TOKEN_LIFETIME_SECONDS * 1000 + 500, {
      description: 'the first token to expire',
    });

    await notify(kafka, notificationsTopic, [
      { tenantId: started.tenantId, callRecordId: record.id },
    ]);
    await waitForRecords([{ tenantId: started.tenantId, id: record.id }]);

    const log = await requestLog();
    const count = (suffix: string): number =>
      Object.entries(log.counters)
        .filter(([key]) => key.endsWith(suffix))
        .reduce((sum, [, n]) => sum + n, 0);
    expect(count('/oauth2/v2.0/token 200')).toBeGreaterThan(1);
    expect(count(' 401')).toBe(0);
  });
});

interface RequestLogBody {
  counters: Record<string, number>;
  requests: { at: string; route: string; status: number }[];
}

async function requestLog(): Promise<RequestLogBody> {
  const response = await fetch(`${started.httpUrl}/_sim/requests`);
  return (await response.json()) as RequestLogBody;
}

async function firstTokenRequestAt(): Promise<number> {
  const log = await requestLog();
  const first = log.requests.find((r) => r.route.includes('token'));
  return first ? Date.parse(first.at) : Date.now();
}
