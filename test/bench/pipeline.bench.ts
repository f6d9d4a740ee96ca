// End to end: the five services as processes (as `npm start` runs them), the Graph simulator
// notifying their webhook at stated rates, and for each record the time from the webhook delivery
// to the first GraphQL answer listing it (p50/p95/p99 per rate), beside the raw floor measured in
// the same run (a document written straight to OpenSearch until a search returns it). Also samples
// consumer lag and each process's RSS and CPU every second. Writes pipeline.json to
// BENCH_RESULTS_DIR (bench-results/) and prints a BENCH_RESULT line with the knee.
//
//   node scripts/run-ts.mts test/bench/pipeline.bench.ts
//   BENCH_RATES=10,25,50,100,200 BENCH_DURATION_S=30 BENCH_DRAIN_S=60 node scripts/run-ts.mts test/bench/pipeline.bench.ts
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createSimulator } from '@callrecords/graph-simulator';
import type { StartedSimulator } from '@callrecords/graph-simulator';
import { createKafkaClient } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import { createLogger } from '@callrecords/service-kit';
import { freePort, reportBenchResult, runBench, uniqueName, waitFor } from '@callrecords/testing';
import type { TestEnv } from '@callrecords/testing';

import { startServiceProcess } from '../e2e/src/service-process';
import type { ServiceProcess } from '../e2e/src/service-process';
import { histogramQuantileMs, readHistogram, watchServices } from './src/pipeline-probes';
import { runStep } from './src/pipeline-step';
import type { StageSplit, StepResult } from './src/pipeline-step';
import { tapPipeline } from './src/pipeline-tap';
import type { PipelineTap } from './src/pipeline-tap';
import { measureSearchableBaseline } from './src/searchable-baseline';

const RATES = (process.env['BENCH_RATES'] ?? '10,25,50,100,200').split(',').map(Number);
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 30);
const DRAIN_S = Number(process.env['BENCH_DRAIN_S'] ?? 60);
const POLL_MS = Number(process.env['BENCH_POLL_MS'] ?? 250);
const RESULTS_DIR = process.env['BENCH_RESULTS_DIR'] ?? 'bench-results';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function serviceSpecs(
  env: TestEnv,
  started: StartedSimulator,
  where: { readonly caFile: string; readonly ingestionPort: number; readonly topicPrefix: string },
): [string, Record<string, string>, number?][] {
  const common = {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    OPENSEARCH_URL: env.openSearchUrl,
    KAFKA_TOPIC_PREFIX: where.topicPrefix,
    OPENSEARCH_INDEX_PREFIX: `${uniqueName('bench-e2e')}-`,
    LOG_LEVEL: 'warn',
  };
  const graph = {
    GRAPH_TENANT_IDS: started.tenantId,
    GRAPH_CLIENT_ID: started.clientId,
    GRAPH_CLIENT_SECRET: started.clientSecret,
    GRAPH_AUTHORITY_HOST: started.graphUrl,
    GRAPH_BASE_URL: started.graphUrl,
    GRAPH_CA_FILE: where.caFile,
  };
  const auth = {
    GATEWAY_AUTH_ISSUER: `${started.authorityUrl}/v2.0`,
    GATEWAY_AUTH_CA_FILE: where.caFile,
    GATEWAY_MAX_PAGE_SIZE: '1000',
  };
  const webhook = { INGESTION_PUBLIC_URL: `http://127.0.0.1:${where.ingestionPort}` };
  return [
    ['indexer', common],
    ['aggregator', common],
    ['fetcher', { ...common, ...graph, FETCHER_REPORTS_ENABLED: 'false' }],
    ['gateway', { ...common, ...auth }],
    ['ingestion', { ...common, ...graph, ...webhook }, where.ingestionPort],
  ];
}

async function startPipeline(
  env: TestEnv,
  started: StartedSimulator,
  where: { readonly caFile: string; readonly topicPrefix: string },
): Promise<ServiceProcess[]> {
  const specs = serviceSpecs(env, started, { ...where, ingestionPort: await freePort() });
  const services: ServiceProcess[] = [];
  // One after another: each compiles its sources at boot, and the machine has few cores.
  for (const [name, serviceEnv, port] of specs) {
    services.push(await startServiceProcess(name, serviceEnv, port ? { port } : {}));
  }
  return services;
}

function gatewayClient(gatewayUrl: string, token: string) {
  return async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!body.data || body.errors?.length) {
      throw new Error(`graphql: ${JSON.stringify(body.errors)}`);
    }
    return body.data;
  };
}

async function userToken(started: StartedSimulator): Promise<string> {
  const response = await fetch(`${started.httpUrl ?? ''}/_sim/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: started.tenantId }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

function printSteps(steps: readonly StepResult[]): void {
  out('rate/s  seeded  visible   p50 ms   p95 ms   p99 ms  sustained');
  for (const s of steps) {
    const cells = [s.p50Ms, s.p95Ms, s.p99Ms].map((v) => v.toFixed(0).padStart(8));
    out(
      `${String(s.rate).padStart(6)} ${String(s.seeded).padStart(7)} ${String(s.visible).padStart(8)} ${cells.join(' ')}  ${s.sustained ? 'yes' : 'no'}`,
    );
  }
  for (const s of steps) {
    out(`where the time went at ${s.rate}/s (p50 / p95 ms):`);
    for (const split of s.stages) {
      out(
        `  ${split.p50Ms.toFixed(0).padStart(7)} ${split.p95Ms.toFixed(0).padStart(7)}  ${split.stage}`,
      );
    }
  }
}

// The indexer's own view of its stage: callrecords_kafka_event_age_seconds of the records topic
// (the record event built by the fetcher → its document bulk-acknowledged and the offset committed).
const INDEXER_AGE = 'callrecords_kafka_event_age_seconds';
const isRecordsTopic = (labels: string): boolean =>
  /topic="[^"]*callrecords\.records\.v1"/.test(labels);

async function indexerSplit(
  indexerUrl: string,
  before: Awaited<ReturnType<typeof readHistogram>>,
): Promise<StageSplit> {
  const after = await readHistogram(indexerUrl, INDEXER_AGE, isRecordsTopic);
  return {
    stage: `of which record event built → indexed and committed (indexer's ${INDEXER_AGE}, bucket upper bound)`,
    p50Ms: histogramQuantileMs(before, after, 0.5),
    p95Ms: histogramQuantileMs(before, after, 0.95),
    samples:
      (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0),
  };
}

async function runSteps(
  started: StartedSimulator,
  simulator: ReturnType<typeof createSimulator>,
  watch: {
    readonly graphql: ReturnType<typeof gatewayClient>;
    readonly tap: PipelineTap;
    readonly indexerUrl: string;
  },
): Promise<StepResult[]> {
  const { graphql, tap, indexerUrl } = watch;
  const steps: StepResult[] = [];
  for (const [index, rate] of RATES.entries()) {
    out(`rate ${rate}/s for ${DURATION_S} s …`);
    const ages = await readHistogram(indexerUrl, INDEXER_AGE, isRecordsTopic);
    const measured = await runStep({
      simulator,
      tenantId: started.tenantId,
      graphql,
      rate,
      durationS: DURATION_S,
      drainS: DRAIN_S,
      pollMs: POLL_MS,
      index,
      times: tap.times,
    });
    const step = {
      ...measured,
      stages: [...measured.stages, await indexerSplit(indexerUrl, ages)],
    };
    steps.push(step);
    if (step.visible < step.seeded) {
      out(`rate ${rate}/s did not drain within ${DRAIN_S} s: higher rates not run`);
      break;
    }
  }
  return steps;
}

async function waitForSubscription(started: StartedSimulator): Promise<void> {
  await waitFor(
    async () => {
      const response = await fetch(`${started.httpUrl ?? ''}/_sim/subscriptions`);
      const subs = (await response.json()) as { value: unknown[] };
      return subs.value.length > 0;
    },
    { timeoutMs: 60_000, description: 'a subscription from ingestion' },
  );
}

function report(result: PipelineResult): void {
  const { steps, baseline } = result;
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'pipeline.json'), `${JSON.stringify(result, null, 1)}\n`);
  const knee = [...steps].reverse().find((s) => s.sustained);
  const atKnee = knee ?? steps[0];
  reportBenchResult({
    stage: 'end to end',
    metric: `p95 ms webhook → GraphQL at the knee (${knee ? `${knee.rate}/s` : 'no sustained rate'})`,
    service: atKnee?.p95Ms ?? Number.NaN,
    baseline: baseline.p95Ms,
    ratio: (atKnee?.p95Ms ?? Number.NaN) / baseline.p95Ms,
    goal: 'p95 < 2 s at the highest sustained rate',
    met: knee !== undefined,
    // The per-stage breakdown is in pipeline.json (the report reads it from there).
    details: steps.map(({ stages: _stages, ...s }) => ({
      ...s,
      sustained: s.sustained ? 'yes' : 'no',
    })),
  });
}

interface PipelineResult {
  readonly durationS: number;
  readonly pollMs: number;
  readonly rates: readonly number[];
  readonly baseline: Awaited<ReturnType<typeof measureSearchableBaseline>>;
  readonly steps: readonly StepResult[];
  readonly samples: unknown[];
  readonly errorLines: readonly string[];
}

// Each service's /metrics at the end of the run (batch durations, Graph and bulk latencies, event
// ages), beside the report: the histograms behind the breakdown.
async function saveMetrics(services: readonly ServiceProcess[]): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  for (const service of services) {
    const text = await fetch(`${service.url}/metrics`)
      .then((r) => r.text())
      .catch((error: unknown) => `unreadable: ${String(error)}`);
    writeFileSync(join(RESULTS_DIR, `metrics-${service.name}.txt`), text);
  }
}

function benchKafka(env: TestEnv, topicPrefix: string): Kafka {
  const logger = createLogger({ service: 'bench', version: 'bench', level: 'silent' });
  const config = {
    KAFKA_BROKERS: [...env.kafkaBrokers],
    KAFKA_SSL: false,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    KAFKA_CONNECTION_TIMEOUT_MS: 10_000,
  };
  return createKafkaClient(config, { service: 'bench', logger });
}

async function main(env: TestEnv): Promise<void> {
  const caFile = join(mkdtempSync(join(tmpdir(), 'callrecords-bench-')), 'ca.pem');
  const simulator = createSimulator({ httpPort: 0, caFile });
  const started = await simulator.start();
  const topicPrefix = `${uniqueName('bench-e2e')}.`;
  const services = await startPipeline(env, started, { caFile, topicPrefix });
  const tap = await tapPipeline(benchKafka(env, topicPrefix), topicPrefix);
  const watched = services.map((s) => ({ name: s.name, url: s.url, pid: s.child.pid }));
  const watcher = watchServices(watched, 1_000);
  try {
    await waitForSubscription(started);
    const gateway = services.find((s) => s.name === 'gateway');
    const graphql = gatewayClient(gateway?.url ?? '', await userToken(started));
    const baseline = await measureSearchableBaseline({
      openSearchUrl: env.openSearchUrl,
      index: uniqueName('bench-baseline'),
      samples: 40,
      pollMs: POLL_MS,
    });
    out(
      `raw floor (OpenSearch write → searchable, poll ${POLL_MS} ms): p50 ${baseline.p50Ms} ms, p95 ${baseline.p95Ms} ms`,
    );
    const indexerUrl = services.find((s) => s.name === 'indexer')?.url ?? '';
    const steps = await runSteps(started, simulator, { graphql, tap, indexerUrl });
    watcher.stop();
    printSteps(steps);
    await saveMetrics(services);
    const errorLines = services.flatMap((s) => s.errorLines().map((line) => `${s.name}: ${line}`));
    report({
      durationS: DURATION_S,
      pollMs: POLL_MS,
      rates: RATES,
      baseline,
      steps,
      samples: watcher.samples,
      errorLines,
    });
  } finally {
    watcher.stop();
    await tap.stop();
    await Promise.all(services.map((s) => s.stop()));
    await simulator.stop();
  }
}

runBench(main);
