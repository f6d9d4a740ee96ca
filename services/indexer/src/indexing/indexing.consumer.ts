import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import { ensureTopics, runSupervisedConsumer } from '@callrecords/kafka';
import type { Kafka, RunningConsumer } from '@callrecords/kafka';
import {
  bulkUpsertVersioned,
  createBulkWriter,
  openSearchHealthIndicator,
} from '@callrecords/opensearch';
import type {
  BulkItemResult,
  BulkWriter,
  OpenSearchClient,
  VersionedDocument,
} from '@callrecords/opensearch';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import type { IndexerConfig } from '../config';
import { ErasureApplier } from './erasure-applier.service';
import { EventIndexer } from './event-indexer.service';
import { applyIndexerSetup, rolloverDueSeries, writeAliases } from './index-setup.service';
import { decodeIndexedEvent, indexerTopics } from './indexer-topics';
import { RetentionSweeper } from './retention-sweeper.service';
import { sealedValueOpener } from './sealed-values';
import type { SealedValueOpener } from './sealed-values';

export interface IndexingDeps {
  readonly config: IndexerConfig;
  readonly kafka: Kafka;
  readonly openSearch: OpenSearchClient;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
}

/**
 * The indexer's edge: at bootstrap it ensures its topics and indexes, then consumes the records,
 * PSTN and Direct Routing topics into the write aliases; at shutdown it lets the in-flight batch
 * finish and commit, then flushes the bulk writer.
 */
export class IndexingConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: RunningConsumer | undefined;
  private writer: BulkWriter | undefined;
  private rolloverTimer: NodeJS.Timeout | undefined;
  private sweeper: RetentionSweeper | undefined;
  private erasures: ErasureApplier | undefined;

  constructor(private readonly deps: IndexingDeps) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, kafka, openSearch, logger, registry, readiness } = this.deps;
    const topics = indexerTopics(config.KAFKA_TOPIC_PREFIX);
    const specs = topics.specs(
      config.INDEXER_TOPIC_REPLICATION_FACTOR,
      config.PRIVACY_RETENTION_DAYS,
    );
    await withRetries(() => ensureTopics(kafka, specs), { attempts: 5, delayMs: 1_000, logger });
    const setup = await applyIndexerSetup(openSearch, config, logger);
    this.writer = createBulkWriter(openSearch, {
      registry,
      maxBytes: config.INDEXER_BULK_MAX_BYTES,
      maxDocs: config.INDEXER_BULK_MAX_DOCS,
      maxDelayMs: config.INDEXER_BULK_MAX_DELAY_MS,
      maxConcurrentBulks: config.INDEXER_BULK_CONCURRENCY,
    });
    const opener = await sealedValueOpener(config, { kafka, topic: topics.personKeys });
    const indexer = new EventIndexer({
      writer: this.writer,
      targets: writeAliases(config.OPENSEARCH_INDEX_PREFIX),
      retryBudgetMs: config.INDEXER_RETRY_BUDGET_MS,
      isolate: (doc) => isolateDocument(openSearch, doc),
      logger,
      registry,
      retention: config.PRIVACY_RETENTION_DAYS,
      opener,
    });
    // Supervised: kafkajs gives up for good on some broker failures; a silent stop is worse.
    this.consumer = await runSupervisedConsumer({
      kafka,
      service: 'indexer',
      groupId: topics.group,
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
    readiness.register(this.consumer.health);
    readiness.register(openSearchHealthIndicator(openSearch));
    if (!setup.ismAvailable) {
      this.scheduleRollover();
    }
    this.startRetentionSweeper();
    await this.startErasures(opener, topics.erasures);
    logger.info({ group: topics.group, topics: topics.inputs }, 'indexer consuming');
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.rolloverTimer);
    await this.sweeper?.stop();
    await this.erasures?.stop();
    await this.consumer?.stop();
    await this.writer?.close();
  }

  private async startErasures(opener: SealedValueOpener, topic: string): Promise<void> {
    const { config, kafka, openSearch, logger } = this.deps;
    const indexPrefix = config.OPENSEARCH_INDEX_PREFIX;
    this.erasures = new ErasureApplier({ kafka, openSearch, topic, indexPrefix, opener, logger });
    await this.erasures.start();
  }

  private startRetentionSweeper(): void {
    const { config, openSearch, logger } = this.deps;
    this.sweeper = new RetentionSweeper({
      openSearch,
      logger,
      policy: config.PRIVACY_RETENTION_DAYS,
      prefix: config.OPENSEARCH_INDEX_PREFIX,
      intervalMs: config.INDEXER_RETENTION_SWEEP_MS,
    });
    this.sweeper.start();
  }

  // Without ISM nothing else rolls the series over; a failed check is logged and tried next time.
  private scheduleRollover(): void {
    const { config, openSearch, logger } = this.deps;
    this.rolloverTimer = setInterval(() => {
      rolloverDueSeries(openSearch, config).then(
        (rolled) => rolled.length > 0 && logger.info({ rolled }, 'rolled over'),
        (error: unknown) => logger.warn({ err: error }, 'rollover check failed'),
      );
    }, config.INDEXER_ROLLOVER_CHECK_MS);
    this.rolloverTimer.unref();
  }
}

/** One document in a bulk of its own (see EventIndexerOptions.isolate). */
export async function isolateDocument(
  client: OpenSearchClient,
  doc: VersionedDocument,
): Promise<BulkItemResult> {
  const [result] = await bulkUpsertVersioned(client, [doc]);
  return result ?? { id: doc.id, index: doc.index, status: 'retryable', reason: 'no result' };
}

/**
 * Retries a boot step a few times: right after topics are created, brokers may answer metadata
 * requests with "does not host this topic-partition" for a moment. Past the attempts, boot fails.
 */
async function withRetries<T>(
  step: () => Promise<T>,
  options: { readonly attempts: number; readonly delayMs: number; readonly logger: Logger },
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= options.attempts) {
        throw error;
      }
      options.logger.warn({ err: error, attempt }, 'boot step failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    }
  }
}
