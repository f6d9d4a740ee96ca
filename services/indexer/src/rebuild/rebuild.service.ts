import { setTimeout as delay } from 'node:timers/promises';

import { generationSeries, INDEX_IDS, indexNames } from '@callrecords/contracts';
import type { IndexId } from '@callrecords/contracts';
import { fetchEndOffsets, fetchGroupLagBehind, runConsumer } from '@callrecords/kafka';
import type { Kafka, RunningConsumer } from '@callrecords/kafka';
import {
  bootstrapRolloverIndex,
  createBulkWriter,
  indexesOfAlias,
  refreshIndex,
  removeAliases,
  rolloverNames,
  swapAliases,
} from '@callrecords/opensearch';
import type { BulkWriter, OpenSearchClient } from '@callrecords/opensearch';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { IndexerConfig } from '../config';
import { EventIndexer } from '../indexing/event-indexer.service';
import { applyIndexerSetup } from '../indexing/index-setup.service';
import { isolateDocument } from '../indexing/indexing.consumer';
import { decodeIndexedEvent, indexerTopics } from '../indexing/indexer-topics';
import { sealedValueOpener } from '../indexing/sealed-values';

export interface RebuildOptions {
  readonly config: IndexerConfig;
  readonly kafka: Kafka;
  readonly openSearch: OpenSearchClient;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Lowercase letters and digits, e.g. `20261126t2200`; names the new backing indexes. */
  readonly generation: string;
  readonly pollMs?: number;
  /** Gives up (nothing swapped, or only the write aliases) when the replay is not caught up by then. */
  readonly catchUpTimeoutMs?: number;
}

export interface RebuiltIndex {
  /** The generation's backing index the aliases point to now. */
  readonly index: string;
  /** Backing indexes the aliases left: delete them once the new generation is trusted. */
  readonly previous: readonly string[];
}

export type RebuildReport = Readonly<Record<IndexId, RebuiltIndex>>;

/**
 * Replays the input topics from the beginning (a fresh consumer group) into a new generation of
 * every index, then swaps the aliases: first the write alias, so the live indexer writes into the
 * new generation too; then, once the replay has also caught up with everything written before that
 * swap, the read alias. Readers query the old generation until one atomic alias change.
 */
export async function rebuildIndexes(options: RebuildOptions): Promise<RebuildReport> {
  const { config, openSearch, logger, generation } = options;
  await applyIndexerSetup(openSearch, config, logger);
  const names = indexNames(config.OPENSEARCH_INDEX_PREFIX);
  const series = Object.fromEntries(
    INDEX_IDS.map((id) => [id, rolloverNames(generationSeries(names[id], generation))]),
  ) as Record<IndexId, ReturnType<typeof rolloverNames>>;
  for (const id of INDEX_IDS) {
    await bootstrapRolloverIndex(openSearch, { name: generationSeries(names[id], generation) });
  }
  const writer = createBulkWriter(openSearch, {
    registry: options.registry,
    maxBytes: config.INDEXER_BULK_MAX_BYTES,
    maxDocs: config.INDEXER_BULK_MAX_DOCS,
    maxDelayMs: config.INDEXER_BULK_MAX_DELAY_MS,
    maxConcurrentBulks: config.INDEXER_BULK_CONCURRENCY,
  });
  const targets = Object.fromEntries(INDEX_IDS.map((id) => [id, series[id].writeAlias]));
  const replay = await startReplay(options, writer, targets as Record<IndexId, string>);
  const report = await swapWhenCaughtUp(options, {
    series,
    groupId: replay.groupId,
    writer,
  }).finally(async () => {
    await replay.consumer.stop();
    await writer.close();
  });
  // The generation's own aliases only served the replay (now stopped); the series' aliases rule.
  for (const id of INDEX_IDS) {
    const { firstIndex, readAlias, writeAlias } = series[id];
    await removeAliases(openSearch, { index: firstIndex, aliases: [readAlias, writeAlias] });
  }
  return report;
}

async function swapWhenCaughtUp(
  options: RebuildOptions,
  replay: {
    readonly series: Record<IndexId, ReturnType<typeof rolloverNames>>;
    readonly groupId: string;
    readonly writer: BulkWriter;
  },
): Promise<RebuildReport> {
  const { openSearch, logger, generation, config } = options;
  const { series, writer } = replay;
  const names = indexNames(config.OPENSEARCH_INDEX_PREFIX);
  await waitUntilCaughtUp(options, replay.groupId);
  for (const id of INDEX_IDS) {
    const to = series[id].firstIndex;
    await swapAliases(openSearch, { alias: names[id].writeAlias, to, isWriteIndex: true });
  }
  logger.info({ generation }, 'rebuild: write aliases swapped');
  await waitUntilCaughtUp(options, replay.groupId);
  await writer.flush();
  const report: Partial<Record<IndexId, RebuiltIndex>> = {};
  for (const id of INDEX_IDS) {
    const index = series[id].firstIndex;
    await refreshIndex(openSearch, index);
    const previous = await indexesOfAlias(openSearch, names[id].readAlias);
    await swapAliases(openSearch, { alias: names[id].readAlias, to: index });
    report[id] = { index, previous: previous.filter((name) => name !== index) };
  }
  logger.info({ generation }, 'rebuild: read aliases swapped');
  return report as RebuildReport;
}

async function startReplay(
  options: RebuildOptions,
  writer: BulkWriter,
  targets: Record<IndexId, string>,
): Promise<{ consumer: RunningConsumer; groupId: string }> {
  const { config, kafka, openSearch, logger, registry, generation } = options;
  const topics = indexerTopics(config.KAFKA_TOPIC_PREFIX);
  const groupId = `${topics.group}-rebuild-${generation}`;
  const indexer = new EventIndexer({
    writer,
    targets,
    retryBudgetMs: config.INDEXER_RETRY_BUDGET_MS,
    isolate: (doc) => isolateDocument(openSearch, doc),
    logger,
    registry,
    retention: config.PRIVACY_RETENTION_DAYS,
    // Keys read now: a person erased before the rebuild comes back only as their pseudonym.
    opener: await sealedValueOpener(config, { kafka, topic: topics.personKeys }),
  });
  const consumer = await runConsumer({
    kafka,
    service: 'indexer',
    groupId,
    topics: topics.inputs,
    decode: decodeIndexedEvent,
    handle: (events) => indexer.handle(events),
    deadLetterTopic: topics.deadLetter,
    fromBeginning: true,
    partitionsConsumedConcurrently: config.INDEXER_PARTITIONS_CONCURRENCY,
    maxBatchSize: config.INDEXER_BATCH_SIZE,
    logger,
    metrics: registry,
  });
  return { consumer, groupId };
}

// Caught up = committed at least up to the topic ends measured now (later messages do not move
// the goal, so a busy topic cannot keep the rebuild waiting forever).
// Polls with the same lag before markers-only lag counts as caught up (at 500 ms: 5 s).
const STABLE_POLLS = 10;

async function waitUntilCaughtUp(options: RebuildOptions, groupId: string): Promise<void> {
  const { kafka, config, logger } = options;
  const targets = await fetchEndOffsets(kafka, indexerTopics(config.KAFKA_TOPIC_PREFIX).inputs);
  // The fetcher writes in transactions: a partition whose last record is a commit marker stays one
  // offset behind its end once every event is consumed (the marker is never handed over). A lag of
  // at most one per partition that stops moving is caught up.
  const partitions = Object.values(targets).reduce((n, p) => n + Object.keys(p).length, 0);
  const deadline = performance.now() + (options.catchUpTimeoutMs ?? 3_600_000);
  let unchanged = 0;
  let previous = Number.NaN;
  for (;;) {
    const lag = await fetchGroupLagBehind(kafka, { groupId, targets });
    unchanged = lag === previous ? unchanged + 1 : 0;
    previous = lag;
    if (lag === 0 || (lag <= partitions && unchanged >= STABLE_POLLS)) {
      return;
    }
    if (performance.now() > deadline) {
      throw new Error(`rebuild: replay still ${lag} messages behind at the catch-up timeout`);
    }
    logger.debug({ groupId, lag }, 'rebuild: replaying');
    await delay(options.pollMs ?? 500);
  }
}
