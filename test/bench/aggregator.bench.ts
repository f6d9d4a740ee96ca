// Aggregator throughput: call records rolled up per second by the real service (child processes,
// BENCH_REPLICAS of them in one consumer group), against the same records only consumed and decoded
// from Kafka, in the same run (BENCH_ROUNDS rounds, alternating, medians).
// Run: node scripts/run-ts.mts test/bench/aggregator.bench.ts [records] [ordered|scattered]
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';

import {
  CallRecordFetchedV1Definition,
  consumerGroup,
  decodeEvent,
  encodeEvent,
  prefixedGroup,
  prefixedTopic,
  TOPICS,
  topicConfig,
} from '@callrecords/contracts';
import { createKafkaClient, createProducer, ensureTopics } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import { createLogger } from '@callrecords/service-kit';
import { anAggregatorBenchEvent, reportBenchResult, runBench } from '@callrecords/testing';

const RECORDS = Number(process.argv[2] ?? 5000);
// `ordered`: records arrive roughly in call-start order, as the fetcher produces them (a batch
// touches a few hours). `scattered`: every batch touches all 168 hours of a week (worst case).
const ORDER = process.argv[3] === 'scattered' ? 'scattered' : 'ordered';
// Read when used: runBench finds the stack and exports both before main() runs.
const brokers = (): string => process.env['KAFKA_BROKERS'] ?? '';
const openSearchUrl = (): string => process.env['OPENSEARCH_URL'] ?? '';
const REPLICAS = Number(process.env['BENCH_REPLICAS'] ?? 1);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 1);
// Trunk quality is a second consumer group of the same process over the same records topic (it
// decodes every record again and joins it in OpenSearch): off unless asked, so that the figure is
// the exact rollups' own rate; BENCH_TRUNK_QUALITY=1 measures both sharing the process.
const TRUNK_QUALITY = process.env['BENCH_TRUNK_QUALITY'] === '1';
// BENCH_FROM_BUILD=1: the production bundle (`npm run build` first), as the images run it.
const FROM_BUILD = process.env['BENCH_FROM_BUILD'] === '1';
const ENTRY = FROM_BUILD
  ? ['dist/services/aggregator/main.js']
  : ['scripts/run-ts.mts', 'services/aggregator/src/main.ts'];
const RUN = `bench-${randomBytes(4).toString('hex')}`;
let PREFIX = `${RUN}-0.`;
const logger = createLogger({ service: 'aggregator-bench', version: 'bench', level: 'silent' });
async function produceAll(kafka: Kafka, topic: string): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  for (let start = 0; start < RECORDS; start += 500) {
    const batch = Array.from({ length: Math.min(500, RECORDS - start) }, (_, k) => {
      const event = anAggregatorBenchEvent(start + k, { records: RECORDS, order: ORDER });
      return {
        topic,
        key: TOPICS.records.key(event),
        ...encodeEvent(CallRecordFetchedV1Definition, event),
      };
    });
    await producer.send(batch);
  }
  await producer.disconnect();
}

// Baseline: a plain consumer group reading and decoding every record.
async function consumeOnly(kafka: Kafka, topic: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: `${PREFIX}baseline` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          decodeEvent(CallRecordFetchedV1Definition, message.value);
          seen += 1;
        }
        if (seen >= RECORDS) {
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  await consumer.disconnect();
  return RECORDS / seconds;
}

async function committed(kafka: Kafka, topic: string, groupId: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return (offsets?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

async function topicCreated(kafka: Kafka, name: string, by: ChildProcess): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    while (!(await admin.listTopics()).includes(name)) {
      if (by.exitCode !== null || by.signalCode !== null) {
        throw new Error('the first aggregator replica exited at boot (see its stderr above)');
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

/** Resident memory of a process, in MiB (Linux), or 0 when unknown. */
function rssMiB(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** A free loopback port (the replica's /metrics). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

type StageSeconds = Map<string, number>;

/** A replica's callrecords_aggregator_stage_seconds_total by stage (empty when unreachable). */
async function stageSeconds(port: number): Promise<StageSeconds> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`)
    .then((response) => response.text())
    .catch(() => '');
  const seconds: StageSeconds = new Map();
  for (const match of text.matchAll(
    /^callrecords_aggregator_stage_seconds_total\{[^}]*\bstage="(\w+)"[^}]*\} ([\d.e+-]+)$/gm,
  )) {
    seconds.set(match[1] as string, Number(match[2]));
  }
  return seconds;
}

/** Per stage, the seconds summed over the replicas between two snapshots. */
function stageDelta(before: readonly StageSeconds[], after: readonly StageSeconds[]): StageSeconds {
  const total: StageSeconds = new Map();
  after.forEach((snapshot, i) => {
    for (const [stage, value] of snapshot) {
      total.set(stage, (total.get(stage) ?? 0) + value - (before[i]?.get(stage) ?? 0));
    }
  });
  return total;
}

interface RollUpResult {
  readonly rate: number;
  /** Wall seconds from the first committed batch to the last, and the replicas' stage seconds. */
  readonly wall: number;
  readonly stages: StageSeconds;
  /** Peak RSS of one replica, and its RSS at 25 % and at the end of the run (flat = bounded). */
  readonly rss: { readonly quarter: number; readonly end: number; readonly peak: number };
}

/** One aggregator replica of this run, its /metrics on `port`. */
function spawnReplica(port: number): ChildProcess {
  return spawn(process.execPath, ENTRY, {
    env: {
      ...process.env,
      KAFKA_BROKERS: brokers(),
      OPENSEARCH_URL: openSearchUrl(),
      KAFKA_TOPIC_PREFIX: PREFIX,
      OPENSEARCH_INDEX_PREFIX: PREFIX.replace('.', '-'),
      AGGREGATOR_PORT: String(port),
      AGGREGATOR_TRUNK_QUALITY_ENABLED: String(TRUNK_QUALITY),
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    },
    stdio: ['ignore', process.env['BENCH_LOG_LEVEL'] ? 'inherit' : 'ignore', 'inherit'],
  });
}

// The service: measured from its first committed batch to the last, so boot time is left out.
async function rollUp(kafka: Kafka, topic: string): Promise<RollUpResult> {
  const ports: number[] = [];
  const replica = async (): Promise<ChildProcess> => {
    const port = await freePort();
    ports.push(port);
    return spawnReplica(port);
  };
  // Replicas started at once race to create the same topics at boot (one fails with "Number of
  // partitions is invalid"): the others start once the first has created them.
  const children = [await replica()];
  await topicCreated(
    kafka,
    prefixedTopic(TOPICS.aggregatorContributions, PREFIX).name,
    children[0] as ChildProcess,
  );
  for (let i = 1; i < REPLICAS; i += 1) {
    children.push(await replica());
  }
  const exited = children.map(() => false);
  children.forEach((child, i) => child.once('exit', () => (exited[i] = true)));
  const groupId = prefixedGroup(consumerGroup('aggregator'), PREFIX);
  const rss = { quarter: 0, end: 0, peak: 0 };
  try {
    let first: { at: number; done: number; stages: StageSeconds[] } | undefined;
    for (;;) {
      if (exited.some(Boolean)) {
        throw new Error('an aggregator replica exited during the run (see its stderr above)');
      }
      const done = await committed(kafka, topic, groupId);
      const at = performance.now();
      const now = rssMiB(children[0] as ChildProcess);
      rss.peak = Math.max(rss.peak, now);
      rss.quarter ||= done >= RECORDS / 4 ? now : 0;
      first ??=
        done > 0 ? { at, done, stages: await Promise.all(ports.map(stageSeconds)) } : undefined;
      if (first && done >= RECORDS) {
        rss.end = now;
        const stages = stageDelta(first.stages, await Promise.all(ports.map(stageSeconds)));
        const wall = (at - first.at) / 1000;
        return { rate: (done - first.done) / wall, wall, stages, rss };
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    children.forEach((child) => child.kill('SIGTERM'));
  }
}

// Deletes this run's topics and indexes (and only those: the prefix is random).
async function cleanUp(kafka: Kafka): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(PREFIX));
  await admin.deleteTopics({ topics });
  const groups = (await admin.listGroups()).groups.filter((g) => g.groupId.startsWith(PREFIX));
  // The aggregator's group may still have a member for a moment after SIGTERM: best effort.
  await admin.deleteGroups(groups.map((g) => g.groupId)).catch(() => undefined);
  await admin.disconnect();
  await fetch(`${openSearchUrl()}/${PREFIX.replace('.', '-')}callrecords-*`, { method: 'DELETE' });
}

async function round(kafka: Kafka, index: number): Promise<{ base: number; agg: RollUpResult }> {
  PREFIX = `${RUN}-${index}.`;
  const topic = prefixedTopic(TOPICS.records, PREFIX).name;
  await ensureTopics(kafka, [
    { name: topic, partitions: 6, replicationFactor: 1, configs: topicConfig(TOPICS.records) },
  ]);
  await produceAll(kafka, topic);
  // Alternate which goes first, so a machine that gets busier or quieter favours neither.
  const base = index % 2 === 0 ? await consumeOnly(kafka, topic) : undefined;
  const agg = await rollUp(kafka, topic);
  const baseline = base ?? (await consumeOnly(kafka, topic));
  await cleanUp(kafka);
  return { base: baseline, agg };
}

// Where the last round's wall clock went, per replica consumer thread (stage sums / replicas).
function breakdown(result: RollUpResult | undefined): string[] {
  if (!result || result.stages.size === 0) {
    return ['wall-clock breakdown: no stage metrics read'];
  }
  const per = (stage: string): number => (result.stages.get(stage) ?? 0) / REPLICAS;
  // In the handler's order; `store` (committed contributions into SQLite) runs after a commit.
  const stages = ['prepare', 'contribute', 'lookup', 'plan', 'changelog', 'rollups', 'alerts'];
  const inHandler = [...stages, 'queued'].reduce((sum, s) => sum + per(s), 0);
  const share = (seconds: number): string =>
    `${seconds.toFixed(2)} s (${((100 * seconds) / result.wall).toFixed(0)} %)`;
  return [
    `wall-clock breakdown of the last round (per replica, ${result.wall.toFixed(1)} s from the first commit to the last; overlapping stages can sum past 100 %):`,
    ...['decode', ...stages, 'queued', 'store'].map((s) => `  ${s.padEnd(11)} ${share(per(s))}`),
    `  in handler  ${share(inHandler)} (batches in the handler at once count once each)`,
    `  idle        ${share(per('idle'))} (no batch in the handler: transaction, fetch, store, and decode when this thread decodes)`,
  ];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const kafka = createKafkaClient(
    {
      KAFKA_BROKERS: brokers().split(','),
      KAFKA_SSL: false,
      KAFKA_TOPIC_PREFIX: RUN,
      KAFKA_CONNECTION_TIMEOUT_MS: 5000,
    },
    { service: 'aggregator', logger },
  );
  const load = loadavg()[0] ?? 0;
  const rounds = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    rounds.push(await round(kafka, i));
  }
  const baseline = median(rounds.map((r) => r.base));
  const rolledUp = median(rounds.map((r) => r.agg.rate));
  const ratio = median(rounds.map((r) => r.agg.rate / r.base));
  const last = rounds[rounds.length - 1]?.agg.rss;
  const batch = process.env['AGGREGATOR_BATCH_SIZE'] ?? '2000 (default)';
  const concurrent = process.env['AGGREGATOR_CONCURRENT_PARTITIONS'] ?? '3 (default)';
  const workers = process.env['AGGREGATOR_CONTRIBUTION_WORKERS'] ?? '0 (default)';
  const depth = process.env['AGGREGATOR_PIPELINE_DEPTH'] ?? '2 (default)';
  process.stdout.write(
    [
      `records: ${RECORDS} (2 audio streams each, 168 hours, 1 tenant, ${ORDER}), 6 partitions, run ${RUN}`,
      `replicas: ${REPLICAS}, batch size: ${batch}, concurrent partitions: ${concurrent}, contribution workers: ${workers}, pipeline depth: ${depth}, rounds: ${ROUNDS}`,
      `trunk-quality consumer in the same process: ${TRUNK_QUALITY ? 'on' : 'off (BENCH_TRUNK_QUALITY=1 to include)'}; service run from ${FROM_BUILD ? 'the bundle' : 'source'}`,
      `load average (1 min) at start: ${load.toFixed(2)}, now: ${(loadavg()[0] ?? 0).toFixed(2)}`,
      `consume + decode only: ${baseline.toFixed(0)} records/s (median)`,
      `rolled up (aggregator): ${rolledUp.toFixed(0)} records/s (median)`,
      `ratio: ${ratio.toFixed(3)} (median of ${rounds.map((r) => (r.agg.rate / r.base).toFixed(3)).join(', ')})`,
      `replica 1 RSS MiB: at 25 % ${last?.quarter.toFixed(0)}, at end ${last?.end.toFixed(0)}, peak ${last?.peak.toFixed(0)}`,
      `replay time of 1,000,000 records at this rate: ${(1_000_000 / rolledUp / 60).toFixed(1)} min`,
      ...breakdown(rounds[rounds.length - 1]?.agg),
      '',
    ].join('\n'),
  );
  reportBenchResult({
    stage: 'aggregator',
    metric: 'records/s rolled up',
    service: rolledUp,
    baseline,
    ratio,
    goal: 'none set (reported)',
    met: true,
  });
}

runBench(main);
