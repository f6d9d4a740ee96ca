// Indexer throughput: documents per second indexed by the real service from Kafka, against a plain
// bulk load of the same documents by the OpenSearch client, in the same run.
// Run: node scripts/run-ts.mts services/indexer/test/indexer.bench.ts [events]
import { randomBytes } from 'node:crypto';

import { INDEX_IDS } from '@callrecords/contracts';
import type { IndexId } from '@callrecords/contracts';
import { ensureTopics, fetchEndOffsets, fetchGroupLagBehind } from '@callrecords/kafka';
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
import type { IndexerHarness } from './indexer-harness';

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

async function serviceRate(harness: IndexerHarness): Promise<number> {
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
  const started = performance.now();
  // Done = every offset committed, which the service does only after the bulks answered. Polling
  // Kafka, not OpenSearch: refreshes while indexing would slow the very thing measured.
  const targets = await fetchEndOffsets(harness.kafka, harness.topics.inputs);
  const groupId = harness.topics.group;
  while ((await fetchGroupLagBehind(harness.kafka, { groupId, targets })) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const seconds = (performance.now() - started) / 1000;
  const aliases = INDEX_IDS.map((id) => harness.names[id].readAlias);
  const indexed = await totalDocs(harness, aliases);
  if (indexed !== expectedDocs) {
    throw new Error(`service indexed ${indexed} of ${expectedDocs} documents`);
  }
  return expectedDocs / seconds;
}

async function baselineRate(harness: IndexerHarness): Promise<number> {
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
  const started = performance.now();
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
  return docs.length / ((performance.now() - started) / 1000);
}

const ROUNDS = Number(process.argv[3] ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

// Rounds alternate service and baseline, each on fresh topics and indexes, and the medians are
// compared: on a shared machine single runs swing by 2-3x.
async function main(): Promise<void> {
  const service: number[] = [];
  const baseline: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const harness = await createIndexerHarness(`bench-${randomBytes(4).toString('hex')}`);
    try {
      service.push(await serviceRate(harness));
      baseline.push(await baselineRate(harness));
    } finally {
      await harness.close();
    }
  }
  const [s, b] = [median(service), median(baseline)];
  process.stdout.write(
    `${EVENTS} events, ${expectedDocs} documents, ${ROUNDS} rounds (medians)\n` +
      `service (Kafka → OpenSearch): ${s.toFixed(0)} docs/s  [${service.map((v) => v.toFixed(0)).join(', ')}]\n` +
      `plain bulk load (client):     ${b.toFixed(0)} docs/s  [${baseline.map((v) => v.toFixed(0)).join(', ')}]\n` +
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
