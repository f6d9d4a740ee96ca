// Gateway overhead: p50/p95 latency and throughput of three typical GraphQL queries through the real
// gateway (child process: auth, GraphQL, tenant scoping, mapping) against the same OpenSearch
// searches sent directly, in the same run, at concurrencies 1, 4 and 16.
// Run: node scripts/run-ts.mts test/bench/gateway.bench.ts [records] [requestsPerRun]
// BENCH_GATEWAY_QUERIES=id (a part of a query's name) runs only the matching queries;
// BENCH_GATEWAY_CPU_PROF=<dir> writes the gateway's V8 CPU profile there (node --cpu-prof).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CallRecordDocumentSchema, indexNames, INDEXES } from '@callrecords/contracts';
import type { CallRecordDocument } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import { freePort, reportBenchResult, runBench } from '@callrecords/testing';

const RECORDS = Number(process.argv[2] ?? 20_000);
const REQUESTS = Number(process.argv[3] ?? 400);
const CONCURRENCIES = [1, 4, 16];
const QUERY_FILTER = process.env['BENCH_GATEWAY_QUERIES'] ?? '';
const CPU_PROFILE_DIR = process.env['BENCH_GATEWAY_CPU_PROF'];
// Read when used: runBench finds the stack and exports both before main() runs.
const openSearchUrl = (): string => process.env['OPENSEARCH_URL'] ?? '';
const brokers = (): string => process.env['KAFKA_BROKERS'] ?? '';
const PREFIX = `bench-${randomBytes(4).toString('hex')}-`;
const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';
const BASE_MS = Date.parse('2026-11-01T00:00:00.000Z');
const PLATFORMS = ['windows', 'macOS', 'android', 'iOS', 'web'];
const NAMES = ['Abbie Wilkins', 'Owen Franklin', 'Richard Malk', 'Ada Lovelace', 'Grace Hopper'];

const RECORD_ALIAS = indexNames(PREFIX).records.readAlias;
// The gateway's GATEWAY_QUERY_TIMEOUT_MS default, and the options every gateway search carries.
const QUERY_TIMEOUT_MS = 10_000;
const SEARCH_OPTIONS =
  'ignore_unavailable=true&allow_no_indices=true&allow_partial_search_results=false';

function qualityOf(i: number): Record<string, unknown> {
  const poor = i % 7 === 0;
  return {
    qualityRuleSet: 'cqd-2024-10',
    isPoor: poor,
    poorReasons: poor ? ['jitter'] : [],
    classifiedStreamCount: 2,
    poorStreamCount: poor ? 1 : 0,
    worstJitterMs: poor ? 45 : 12,
    averageJitterMs: poor ? 30 : 10,
    worstRoundTripMs: 80,
    averageRoundTripMs: 60,
    worstPacketLossRate: 0.01,
    averagePacketLossRate: 0.005,
    worstConcealedSamplesRatio: null,
    averageConcealedSamplesRatio: null,
    worstAudioDegradation: null,
    averageAudioDegradation: null,
  };
}

function aDocument(i: number): CallRecordDocument {
  const tenantId = i % 5 === 4 ? OTHER_TENANT : TENANT;
  const start = new Date(BASE_MS + i * 60_000).toISOString();
  const end = new Date(BASE_MS + i * 60_000 + (60 + (i % 900)) * 1000).toISOString();
  const doc = {
    tenantId,
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    version: 1,
    lastModifiedDateTime: end,
    type: i % 3 ? 'groupCall' : 'peerToPeer',
    modalities: i % 4 ? ['audio'] : ['audio', 'video'],
    startDateTime: start,
    endDateTime: end,
    durationSeconds: (Date.parse(end) - Date.parse(start)) / 1000,
    joinWebUrl: null,
    organizer: {
      id: `user-${i % 50}`,
      displayName: NAMES[i % 5]!,
      userPrincipalName: `u${i % 50}@contoso.com`,
      phone: null,
    },
    participantIds: [`user-${i % 50}`, `user-${(i + 1) % 50}`],
    participantNames: [NAMES[i % 5]!, NAMES[(i + 1) % 5]!],
    participantUserPrincipalNames: [`u${i % 50}@contoso.com`, `u${(i + 1) % 50}@contoso.com`],
    participantPhoneNumbers: [],
    participantCount: 2,
    sessionCount: 1,
    segmentCount: 1,
    streamCount: 2,
    ...qualityOf(i),
    platforms: [PLATFORMS[i % 5]!],
    productFamilies: ['teams'],
    networkConnectionTypes: [i % 2 ? 'wifi' : 'wired'],
    hasFailure: false,
    failureStages: [],
    feedbackRatings: [],
    isTest: false,
    raw: { id: `r${i}`, version: 1, type: 'groupCall', sessions: [] },
  };
  return CallRecordDocumentSchema.parse(doc);
}

async function openSearch(path: string, method: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${openSearchUrl()}${path}`, {
    method,
    headers: {
      'content-type':
        body === undefined || typeof body === 'object'
          ? 'application/json'
          : 'application/x-ndjson',
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  }
  return response.json();
}

async function seed(): Promise<CallRecordDocument[]> {
  const names = indexNames(PREFIX).records;
  await openSearch(`/${names.series}-000001`, 'PUT', {
    settings: { number_of_shards: 1, number_of_replicas: 0 },
    mappings: { dynamic: 'strict', properties: INDEXES.records.properties },
    aliases: { [names.readAlias]: {}, [names.writeAlias]: { is_write_index: true } },
  });
  const docs = Array.from({ length: RECORDS }, (_, i) => aDocument(i));
  for (let i = 0; i < docs.length; i += 2000) {
    const lines = docs
      .slice(i, i + 2000)
      .flatMap((d) => [
        JSON.stringify({ index: { _index: names.writeAlias, _id: `${d.tenantId}:${d.id}` } }),
        JSON.stringify(d),
      ]);
    await openSearch('/_bulk?refresh=false', 'POST', `${lines.join('\n')}\n`);
  }
  await openSearch(`/${names.readAlias}/_refresh`, 'POST');
  return docs.filter((d) => d.tenantId === TENANT);
}

interface Workload {
  readonly name: string;
  readonly graphql: (i: number) => { query: string; variables: Record<string, unknown> };
  /** The search the gateway sends for the same request (tenant filter included). */
  readonly direct: (i: number) => Record<string, unknown>;
}

const tenantFilter = { term: { tenantId: TENANT } };
const windowOf = (i: number) => {
  const from = new Date(BASE_MS + (i % 100) * 3_600_000).toISOString();
  return { from, to: new Date(Date.parse(from) + 24 * 3_600_000).toISOString() };
};

const FACETS: Readonly<Record<string, string>> = {
  types: 'type',
  modalities: 'modalities',
  platforms: 'platforms',
  productFamilies: 'productFamilies',
  networkConnectionTypes: 'networkConnectionTypes',
  poorReasons: 'poorReasons',
};

const LIST_DAY: Workload = {
  name: 'list 50 in a day',
  graphql: (i) => ({
    query: `query($f: CallRecordFilterInput) { callRecords(first: 50, filter: $f) { totalCount pageInfo { endCursor hasNextPage }
      items { id type modalities startDateTime durationSeconds participantCount platforms quality { isPoor poorReasons worstJitterMs } } } }`,
    variables: { f: windowOf(i) },
  }),
  direct: (i) => ({
    query: {
      bool: {
        filter: [tenantFilter],
        must: [
          {
            bool: {
              filter: [{ range: { startDateTime: { gte: windowOf(i).from, lt: windowOf(i).to } } }],
            },
          },
        ],
      },
    },
    sort: [{ startDateTime: { order: 'desc' } }, { id: { order: 'desc' } }],
    size: 51,
    // The stored fields the selection reads (CALL_RECORD_SOURCE_FIELDS), with id and version.
    _source: [
      'durationSeconds',
      'id',
      'isPoor',
      'modalities',
      'participantCount',
      'platforms',
      'poorReasons',
      'startDateTime',
      'type',
      'version',
      'worstJitterMs',
    ],
    track_total_hits: true,
  }),
};

const POOR_FACETS: Workload = {
  name: 'poor calls + facets',
  graphql: () => ({
    query: `{ callRecords(first: 10, filter: { isPoor: true }) { totalCount items { id } facets { name buckets { value count } } } }`,
    variables: {},
  }),
  direct: () => ({
    query: {
      bool: { filter: [tenantFilter], must: [{ bool: { filter: [{ term: { isPoor: true } }] } }] },
    },
    sort: [{ startDateTime: { order: 'desc' } }, { id: { order: 'desc' } }],
    size: 11,
    aggs: Object.fromEntries(
      Object.entries(FACETS).map(([name, field]) => [name, { terms: { field, size: 20 } }]),
    ),
    _source: ['id', 'version'],
    track_total_hits: true,
  }),
};

function byId(ids: readonly string[]): Workload {
  const idOf = (i: number) => ids[(i * 7919) % ids.length];
  return {
    name: 'record by id',
    graphql: (i) => ({
      query: `query($id: ID!) { callRecord(id: $id) { id type startDateTime endDateTime participantCount participants { names userPrincipalNames } quality { isPoor } } }`,
      variables: { id: idOf(i) },
    }),
    direct: (i) => ({
      query: { bool: { filter: [tenantFilter], must: [{ terms: { id: [idOf(i)] } }] } },
      // Two per id, as the gateway asks: around a rollover a record may be in two generations.
      size: 2,
      _source: [
        'endDateTime',
        'id',
        'isPoor',
        'participantCount',
        'participantNames',
        'participantUserPrincipalNames',
        'startDateTime',
        'type',
        'version',
      ],
    }),
  };
}

interface Stats {
  readonly p50: number;
  readonly p95: number;
  readonly rps: number;
}

async function measure(concurrency: number, send: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < REQUESTS; i = next++) {
        const t0 = performance.now();
        await send(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pick = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { p50: pick(0.5), p95: pick(0.95), rps: latencies.length / elapsed };
}

interface RunningGateway {
  readonly url: string;
  /** CPU milliseconds the gateway process has used so far (user + system; NaN off Linux). */
  readonly cpuMs: () => number;
  readonly stop: () => Promise<void>;
}

// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second).
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

async function startGateway(simulatorUrl: string, caFile: string): Promise<RunningGateway> {
  const port = await freePort();
  const profile = CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  const child = spawn(
    process.execPath,
    [...profile, 'scripts/run-ts.mts', 'services/gateway/src/main.ts'],
    {
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers(),
        KAFKA_TOPIC_PREFIX: PREFIX,
        OPENSEARCH_URL: openSearchUrl(),
        OPENSEARCH_INDEX_PREFIX: PREFIX,
        GATEWAY_PORT: String(port),
        GATEWAY_AUTH_ISSUER: `${simulatorUrl}/${TENANT}/v2.0`,
        GATEWAY_AUTH_CA_FILE: caFile,
        GATEWAY_MAX_PAGE_SIZE: '200',
        GATEWAY_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) {
      // Waits for the exit: a CPU profile is written then.
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const stop = async (): Promise<void> => {
        child.kill('SIGTERM');
        await exited;
      };
      return { url, cpuMs: () => processCpuMs(child.pid), stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error('the gateway did not become ready');
}

const fmt = (n: number) => n.toFixed(1).padStart(7);

interface Cell {
  readonly query: string;
  readonly concurrency: number;
  readonly p95Ratio: number;
  readonly rpsRatio: number;
  /** The gateway process's CPU time per request of the cell. */
  readonly cpuMsPerRequest: number;
}

async function runWorkload(
  workload: Workload,
  gateway: RunningGateway,
  token: string,
): Promise<Cell[]> {
  const viaGateway = async (i: number) => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(workload.graphql(i)),
    });
    const body = (await response.json()) as { errors?: unknown };
    if (!response.ok || body.errors) {
      throw new Error(`gateway: ${JSON.stringify(body)}`);
    }
  };
  // The same request the gateway's search sends (libs/opensearch search()): its query-string
  // options and the server-side timeout, which makes OpenSearch check the clock while collecting.
  const direct = async (i: number) => {
    const body = { ...workload.direct(i), timeout: `${QUERY_TIMEOUT_MS}ms` };
    await openSearch(`/${RECORD_ALIAS}/_search?${SEARCH_OPTIONS}`, 'POST', body);
  };
  await measure(4, viaGateway); // warm-up (JIT, caches, keys)
  await measure(4, direct);
  const cells: Cell[] = [];
  for (const concurrency of CONCURRENCIES) {
    const d = await measure(concurrency, direct);
    const cpuBefore = gateway.cpuMs();
    const g = await measure(concurrency, viaGateway);
    const cpuMsPerRequest = (gateway.cpuMs() - cpuBefore) / REQUESTS;
    const [p95Ratio, rpsRatio] = [g.p95 / d.p95, g.rps / d.rps];
    cells.push({ query: workload.name, concurrency, p95Ratio, rpsRatio, cpuMsPerRequest });
    process.stdout.write(
      `${workload.name.padEnd(22)} ${String(concurrency).padStart(4)} | ${fmt(d.p50)} ${fmt(d.p95)} ${fmt(d.rps)} | ${fmt(g.p50)} ${fmt(g.p95)} ${fmt(g.rps)} |` +
        ` ${(g.p50 / d.p50).toFixed(2).padStart(6)}x ${p95Ratio.toFixed(2).padStart(5)}x ${rpsRatio.toFixed(2).padStart(5)}x |` +
        ` ${cpuMsPerRequest.toFixed(2).padStart(5)}\n`,
    );
  }
  return cells;
}

// The goal holds in every cell: the worst p95 ratio and the worst throughput ratio are reported.
function reportCells(cells: readonly Cell[]): void {
  const worstP95 = Math.max(...cells.map((c) => c.p95Ratio));
  const worstRps = Math.min(...cells.map((c) => c.rpsRatio));
  reportBenchResult({
    stage: 'gateway',
    metric: 'p95 latency gateway / direct, worst cell (throughput ratio in details)',
    service: worstP95,
    baseline: 1,
    ratio: worstP95,
    goal: '≤ 1.3 × in every cell, throughput ≥ 0.8 ×',
    met: worstP95 <= 1.3 && worstRps >= 0.8,
    details: cells.map((c) => ({
      query: c.query,
      concurrency: c.concurrency,
      'p95 ×': Number(c.p95Ratio.toFixed(2)),
      'req/s ×': Number(c.rpsRatio.toFixed(2)),
      'gateway CPU ms/request': Number(c.cpuMsPerRequest.toFixed(2)),
    })),
  });
}

async function main(): Promise<void> {
  const caFile = join(tmpdir(), `${PREFIX}ca.pem`);
  const simulator = createSimulator({ httpPort: 0, caFile });
  const sim = await simulator.start();
  let stopGateway = (): Promise<void> => Promise.resolve();
  try {
    const ids = (await seed()).map((d) => d.id);
    const gateway = await startGateway(sim.graphUrl, caFile);
    stopGateway = gateway.stop;
    const tokenResponse = await fetch(`${sim.httpUrl ?? ''}/_sim/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: TENANT, roles: ['CallRecords.Read.Full'] }),
    });
    const token = ((await tokenResponse.json()) as { access_token: string }).access_token;
    process.stdout.write(
      `gateway bench: ${RECORDS} records (80% in the queried tenant), ${REQUESTS} requests per cell, node ${process.version}\n\n` +
        `${'query'.padEnd(22)} conc |  direct p50    p95    req/s | gateway p50    p95    req/s | overhead p50  p95  req/s | gateway CPU ms/req\n`,
    );
    const cells: Cell[] = [];
    const workloads = [LIST_DAY, POOR_FACETS, byId(ids)].filter((w) =>
      w.name.includes(QUERY_FILTER),
    );
    for (const workload of workloads) {
      cells.push(...(await runWorkload(workload, gateway, token)));
    }
    reportCells(cells);
    process.stdout.write(
      '\nlatencies in ms; overhead = gateway / direct (latency: higher is slower; req/s: lower is slower);\n' +
        'gateway CPU: user + system time of the gateway process per request (independent of the load)\n',
    );
  } finally {
    await stopGateway();
    await openSearch(`/${PREFIX}callrecords-*`, 'DELETE').catch(() => undefined);
    await simulator.stop();
    rmSync(caFile, { force: true });
  }
}

runBench(main);
