// Indexer throughput: documents per second indexed by the real service from Kafka, against a plain
// bulk load of the same documents by the OpenSearch client, in the same run.
// Run: node scripts/run-ts.mts services/indexer/test/indexer.bench.ts [events]
import { randomBytes } from 'node:crypto';

import { INDEX_IDS } from '@callrecords/contracts';
import type { IndexId } from '@callrecords/contracts';
import { ensureTopics } from '@callrecords/kafka';
import { bulkUpsertVersioned, countDocuments, refreshIndex } from '@callrecords/opensearch';
import type { VersionedDocument } from '@callrecords/opensearch';
import {
  aCallRecordFetched,
  aMeetingWithSessions,
  reportBenchResult,
  runBench,
} from '@callrecords/testing';

import { indexWritesOf } from '../src/domain/index-writes';
import { applyIndexerSetup, writeAliases } from '../src/indexing/index-setup.service';
import { createIndexerHarness } from './indexer-harness';
import type { IndexerHarness, StartedIndexer } from './indexer-harness';

const EVENTS = Number(process.argv[2] ?? 2000);
const events = Array.from({ length: EVENTS }, (_, i) =>
  aCallRecordFetched(aMeetingWithSessions(4, i + 1)),
);
const expectedDocs = events.reduce((sum, event) => sum + indexWritesOf(event).length, 0);

async function totalDocs(harness: IndexerHarness, aliases: readonly string[]): Promise<number> {
  let total = 0;
  for (const alias of aliases) {
    await refreshIndex(harness.openSearch, alias);
    total += await countDocuments(harness.openSearch, alias);
  }
  return total;
}

// Events committed so far (every outcome), read from the service's own registry in this process:
// no Kafka round trip, so the wait costs the service nothing. Polling the group's offsets with an
// admin client every 50 ms (as before) ran on the service's own event loop: a connection, a
// metadata request and an offset fetch 20 times a second, none of which the baseline paid.
async function committedEvents(indexer: StartedIndexer): Promise<number> {
  const metric = indexer.registry.getSingleMetric('callrecords_kafka_consumed_messages_total');
  const values = metric ? (await metric.get()).values : [];
  return values.reduce((sum, sample) => sum + sample.value, 0);
}

interface SideRun {
  readonly docsPerSecond: number;
  /** This process's CPU (user + system) per 1,000 documents, and its event-loop utilization. */
  readonly cpuMsPer1000: number;
  readonly eventLoopBusy: number;
}

async function measured(docs: number, run: () => Promise<void>): Promise<SideRun> {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    docsPerSecond: docs / seconds,
    cpuMsPer1000: (used.user + used.system) / docs,
    eventLoopBusy: performance.eventLoopUtilization(loop).utilization,
  };
}

async function serviceRate(harness: IndexerHarness): Promise<SideRun> {
  await ensureTopics(harness.kafka, harness.topics.specs(1, harness.config.PRIVACY_RETENTION_DAYS));
  for (let i = 0; i < events.length; i += 500) {
    await harness.produce(events.slice(i, i + 500));
  }
  // INDEXER_* variables of the bench's environment tune the service under test.
  const tuning = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[0].startsWith('INDEXER_') && entry[1] !== undefined,
    ),
  );
  const indexer = await harness.start({ LOG_LEVEL: 'silent', ...tuning });
  const readiness = async () => (await indexer.app.inject({ url: '/health/ready' })).statusCode;
  while ((await readiness()) !== 200) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // Done = every event committed, which the service does only after its bulks answered. Not
  // polling OpenSearch: refreshes while indexing would slow the very thing measured.
  const run = await measured(expectedDocs, async () => {
    while ((await committedEvents(indexer)) < events.length) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });
  const aliases = INDEX_IDS.map((id) => harness.names[id].readAlias);
  const indexed = await totalDocs(harness, aliases);
  if (indexed !== expectedDocs) {
    throw new Error(`service indexed ${indexed} of ${expectedDocs} documents`);
  }
  return run;
}

async function baselineRate(harness: IndexerHarness): Promise<SideRun> {
  const prefix = `${harness.config.OPENSEARCH_INDEX_PREFIX}raw-`;
  await applyIndexerSetup(
    harness.openSearch,
    { ...harness.config, OPENSEARCH_INDEX_PREFIX: prefix },
    harness.logger,
  );
  const targets: Record<IndexId, string> = writeAliases(prefix);
  const docs: VersionedDocument[] = events.flatMap((event) =>
    indexWritesOf(event).map((write) => ({ ...write, index: targets[write.index] })),
  );
  return measured(docs.length, async () => {
    const chunks: VersionedDocument[][] = [];
    for (let i = 0; i < docs.length; i += 1000) {
      chunks.push(docs.slice(i, i + 1000));
    }
    // Two bulks in flight, like the service's default INDEXER_BULK_CONCURRENCY.
    const lanes = [0, 1].map(async (lane) => {
      for (let i = lane; i < chunks.length; i += 2) {
        await bulkUpsertVersioned(harness.openSearch, chunks[i] ?? []);
      }
    });
    await Promise.all(lanes);
  });
}

const ROUNDS = Number(process.argv[3] ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const describe = (runs: readonly SideRun[]): string => {
  const rate = median(runs.map((r) => r.docsPerSecond));
  const rates = runs.map((r) => r.docsPerSecond.toFixed(0)).join(', ');
  const cpu = median(runs.map((r) => r.cpuMsPer1000)).toFixed(0);
  const busy = (median(runs.map((r) => r.eventLoopBusy)) * 100).toFixed(0);
  return `${rate.toFixed(0)} docs/s  [${rates}]  bench process CPU ${cpu} ms per 1,000 docs, event loop busy ${busy} %`;
};

// Rounds alternate which side goes first, each on fresh topics and indexes, and the medians are
// compared: on a shared machine single runs swing by 2-3x. The CPU per 1,000 documents of this
// process (the service runs in it) says what the service adds to the plain bulk load, and the
// event loop's busy share whether it waited (on bulks, on Kafka) or computed.
async function main(): Promise<void> {
  const service: SideRun[] = [];
  const baseline: SideRun[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const harness = await createIndexerHarness(`bench-${randomBytes(4).toString('hex')}`);
    try {
      if (round % 2 === 1) {
        baseline.push(await baselineRate(harness));
      }
      service.push(await serviceRate(harness));
      if (round % 2 === 0) {
        baseline.push(await baselineRate(harness));
      }
    } finally {
      await harness.close();
    }
  }
  const s = median(service.map((r) => r.docsPerSecond));
  const b = median(baseline.map((r) => r.docsPerSecond));
  process.stdout.write(
    `${EVENTS} events, ${expectedDocs} documents, ${ROUNDS} rounds (medians)\n` +
      `service (Kafka → OpenSearch): ${describe(service)}\n` +
      `plain bulk load (client):     ${describe(baseline)}\n` +
      `ratio: ${((s / b) * 100).toFixed(0)}%\n`,
  );
  reportBenchResult({
    stage: 'indexer',
    metric: 'documents/s',
    service: s,
    baseline: b,
    ratio: s / b,
    goal: '≥ 0.8',
    met: s / b >= 0.8,
  });
}

runBench(main);
