// Records fetched per second through the fetcher (notifications topic → Graph → records topic,
// read_committed) against the simulator's own throughput measured directly in the same run: raw
// GETs at the same concurrency, issuing the same requests the fetcher needs (record + session pages
// + participants). Every Graph request gets a realistic latency through the simulator's faults.
//
//   node scripts/run-ts.mts test/bench/fetcher.bench.ts
//   BENCH_RECORDS=600 BENCH_LATENCY_MS=100 BENCH_CONCURRENCY=16 BENCH_REAL_LIMITS=1 node scripts/run-ts.mts test/bench/fetcher.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CallRecordFetchedV1Definition, decodeEvent, graphKey } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { StartedSimulator } from '@callrecords/graph-simulator';
import type { Kafka } from '@callrecords/kafka';
import {
  aMeetingWithSessions,
  reportBenchResult,
  runBench,
  uniqueName,
  waitFor,
} from '@callrecords/testing';
import type { TestEnv } from '@callrecords/testing';

import {
  counterValue,
  fetcherEnv,
  notify,
  startInProcessFetcher,
  testKafka,
} from '../../services/fetcher/test/fetcher-harness';

const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 600);
const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 100);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
// Off by default: Graph's own limit (1,500 req/20 s per tenant) would cap both sides at ~67 req/s.
const REAL_LIMITS = process.env['BENCH_REAL_LIMITS'] === '1';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

// Mostly small calls, some meetings, a few large ones whose sessions page (60 per page).
function sessionsOf(i: number): number {
  if (i % 50 === 0) {
    return 150;
  }
  return i % 10 === 0 ? 30 : 2 + (i % 5);
}

async function demoToken(started: StartedSimulator): Promise<string> {
  const tokenResponse = await fetch(
    `${started.httpUrl ?? ''}/${started.tenantId}/oauth2/v2.0/token`,
    {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: started.clientId,
        client_secret: started.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    },
  );
  return ((await tokenResponse.json()) as { access_token: string }).access_token;
}

type GetJson = (url: string) => Promise<Record<string, unknown>>;

// The requests the fetcher makes for one record: the record with sessions, every sessions page,
// every participants_v2 page.
async function fetchRaw(get: GetJson, id: string): Promise<number> {
  let requests = 1;
  let page = await get(`/communications/callRecords/${id}?$expand=sessions($expand=segments)`);
  let next = page['sessions@odata.nextLink'];
  while (typeof next === 'string') {
    page = await get(next);
    requests += 1;
    next = page['@odata.nextLink'];
  }
  let participants = await get(`/communications/callRecords/${id}/participants_v2`);
  requests += 1;
  while (typeof participants['@odata.nextLink'] === 'string') {
    participants = await get(participants['@odata.nextLink']);
    requests += 1;
  }
  return requests;
}

async function rawBaseline(
  started: StartedSimulator,
  ids: readonly string[],
): Promise<{ seconds: number; requests: number }> {
  const base = started.httpUrl ?? '';
  const token = await demoToken(started);
  const get: GetJson = async (url) => {
    const target = url.startsWith('http')
      ? url.replace(started.graphUrl, base)
      : `${base}/v1.0${url}`;
    const response = await fetch(target, { headers: { authorization: `Bearer ${token}` } });
    return (await response.json()) as Record<string, unknown>;
  };
  let requests = 0;
  let next = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ids.length) {
        const id = ids[next] as string;
        next += 1;
        const made = await fetchRaw(get, id);
        requests += made;
      }
    }),
  );
  return { seconds: (performance.now() - begin) / 1000, requests };
}

interface FetcherRun {
  readonly seconds: number;
  readonly produced: number;
  readonly graphRequests: number;
  readonly payloadRequests: number;
}

// The fetcher's settings for the run: the bench's concurrency, limits raised unless real, and any
// FETCHER_* setting of the environment, to compare tunings.
function fetcherSettings(): Record<string, string> {
  const limits: Record<string, string> = REAL_LIMITS
    ? {}
    : {
        FETCHER_APP_REQUESTS_PER_20S: '1000000',
        FETCHER_TENANT_REQUESTS_PER_20S: '1000000',
        FETCHER_RECORD_REQUESTS_PER_20S: '1000000',
      };
  return {
    FETCHER_CONCURRENCY: String(CONCURRENCY),
    FETCHER_BATCH_SIZE: '64',
    ...limits,
    ...Object.fromEntries(
      Object.entries(process.env).filter(
        (entry): entry is [string, string] =>
          entry[0].startsWith('FETCHER_') && entry[1] !== undefined,
      ),
    ),
  };
}

interface RawRecord {
  readonly key: string;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

// What a read_committed reader sees on `topic`, kept undecoded while the clock runs.
async function readCommittedRaw(
  kafka: Kafka,
  topic: string,
): Promise<{ messages: RawRecord[]; stop: () => Promise<void> }> {
  const consumer = kafka.consumer({
    groupId: uniqueName('fetcher-bench-reader'),
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const messages: RawRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const headers = Object.fromEntries(
        Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
      );
      messages.push({ key: message.key?.toString() ?? '', value: message.value, headers });
      return Promise.resolve();
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

async function throughFetcher(
  started: StartedSimulator,
  ids: readonly string[],
  where: { readonly caFile: string; readonly brokers: readonly string[] },
): Promise<FetcherRun> {
  const { caFile, brokers } = where;
  const { graphUrl, clientId, clientSecret, tenantId } = started;
  const sim = { graphUrl, clientId, clientSecret, tenantIds: [tenantId], caFile };
  const fetcher = await startInProcessFetcher(
    fetcherEnv(sim, {
      brokers,
      prefix: `${uniqueName('fetcher-bench')}.`,
      extra: fetcherSettings(),
    }),
  );
  const kafka = testKafka(brokers);
  const { topics } = fetcher.runtime;
  const reader = await readCommittedRaw(kafka, topics.records);
  const begin = performance.now();
  await notify(
    kafka,
    topics.notifications,
    ids.map((id) => ({ tenantId: started.tenantId, callRecordId: id })),
  );
  const wanted = new Set(ids.map((id) => graphKey(started.tenantId, id)));
  const seen = (): number =>
    new Set(reader.messages.map((m) => m.key).filter((k) => wanted.has(k))).size;
  await waitFor(() => seen() === wanted.size, {
    timeoutMs: 600_000,
    intervalMs: 20,
    description: 'every record',
  });
  const seconds = (performance.now() - begin) / 1000;
  // Decoded after the clock stopped: the observer's work is not the fetcher's.
  const payloadRequests = reader.messages.reduce(
    (sum, m) =>
      sum +
      decodeEvent(CallRecordFetchedV1Definition, m.value, m.headers).payload.graphRequestCount,
    0,
  );
  const graphRequests = await counterValue(
    fetcher.registry,
    'callrecords_fetcher_graph_requests_total',
  );
  await reader.stop();
  await fetcher.close();
  return { seconds, produced: reader.messages.length, graphRequests, payloadRequests };
}

async function main(env: TestEnv): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fetcher-bench-'));
  const simulator = createSimulator({ caFile: join(dir, 'ca.pem'), httpPort: 0 });
  const started = await simulator.start();
  simulator.addFault({
    kind: 'latency',
    latencyMs: LATENCY_MS,
    durationMs: 3_600_000,
    target: 'graph',
  });
  const ids = Array.from({ length: RECORDS }, (_, i) => {
    const record = aMeetingWithSessions(sessionsOf(i), 90_000 + i);
    simulator.seedCallRecord(record, started.tenantId);
    return record.id;
  });

  const raw = await rawBaseline(started, ids);
  const run = await throughFetcher(started, ids, {
    caFile: join(dir, 'ca.pem'),
    brokers: env.kafkaBrokers,
  });
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });

  const rawRate = RECORDS / raw.seconds;
  const rate = RECORDS / run.seconds;
  const limiter = REAL_LIMITS ? "Graph's limits" : 'raised';
  out(
    `records ${RECORDS}, Graph latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY}, limiter ${limiter}`,
  );
  out(
    `simulator direct (raw GETs): ${rawRate.toFixed(1)} records/s (${raw.seconds.toFixed(2)} s, ${(raw.requests / RECORDS).toFixed(2)} requests/record)`,
  );
  out(
    `through the fetcher (EOS):   ${rate.toFixed(1)} records/s (${run.seconds.toFixed(2)} s, ${(run.graphRequests / RECORDS).toFixed(2)} Graph requests/record; payloads say ${(run.payloadRequests / run.produced).toFixed(2)})`,
  );
  out(`ratio fetcher / direct:      ${(rate / rawRate).toFixed(2)}`);
  out(`records produced: ${run.produced} (duplicates: ${run.produced - RECORDS})`);
  reportBenchResult({
    stage: 'fetcher',
    metric: `records/s (Graph latency ${LATENCY_MS} ms, concurrency ${CONCURRENCY})`,
    service: rate,
    baseline: rawRate,
    ratio: rate / rawRate,
    goal: '≥ 0.9',
    met: rate / rawRate >= 0.9,
    details: [{ records: RECORDS, duplicates: run.produced - RECORDS }],
  });
}

runBench(main);
