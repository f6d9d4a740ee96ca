import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import {
  consumerGroup,
  dlqTopic,
  prefixedGroup,
  prefixedTopic,
  retryTopic,
  TOPICS,
} from '@callrecords/contracts';
import type { AnyTopicDefinition } from '@callrecords/contracts';
import {
  createKafkaClient,
  createProducer,
  ensureTopics,
  producerHealthIndicator,
  topicSpecs,
} from '@callrecords/kafka';
import type { EventProducer, Kafka } from '@callrecords/kafka';
import { createOpenSearchClient, openSearchHealthIndicator } from '@callrecords/opensearch';
import type { OpenSearchClient } from '@callrecords/opensearch';
import { Readiness, startHttpService } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { WebhookOptions } from './alerts/alert-webhook.client';
import { AlertService } from './alerts/alert.service';
import { AppModule } from './app.module';
import type { AlertRulesConfig } from './domain/alert-rules';
import type { AggregatorConfig } from './config';
import { ContributionState } from './contributions/contribution-state';
import { ContributionStore } from './contributions/contribution-store.repository';
import { contributionCutoffs } from './domain/contribution-cutoffs';
import { RetentionService } from './rollups/retention.service';
import { ContributionWorkers } from './rollups/contribution-workers';
import { StageClock } from './rollups/stage-clock';
import { RollupService } from './rollups/rollup.service';
import { aggregatorIndexNames } from './rollups/rollup-indexes.constants';
import { RollupStoreRepository } from './rollups/rollup-store.repository';
import { createTrunkQualityRuntime } from './trunk-quality/trunk-quality.module';

export interface AggregatorDeps {
  readonly logger: Logger;
  readonly registry: Registry;
  /** Default 1 (a single-broker dev stack); production sets the cluster's. */
  readonly replicationFactor?: number;
}

export interface RunningAggregator {
  readonly app: NestFastifyApplication;
  close(): Promise<void>;
}

/** Builds and starts the aggregator: topics, indexes, then the Nest app whose consumer starts on bootstrap. */
export async function startAggregator(
  config: AggregatorConfig,
  deps: AggregatorDeps,
): Promise<RunningAggregator> {
  const { logger, registry } = deps;
  const kafka = createKafkaClient(config, { service: 'aggregator', logger });
  await ensureOwnTopics(kafka, config, deps.replicationFactor ?? 1);
  const client = createOpenSearchClient(config, { readFile: (path) => readFileSync(path, 'utf8') });
  const store = rollupStoreOf(config, client);
  await store.ensureIndexes();
  const producer = createProducer(kafka, { metrics: registry });
  const readiness = new Readiness();
  readiness.register(openSearchHealthIndicator(client));
  readiness.register(producerHealthIndicator(producer));
  const contributionStore = ContributionStore.open(config.AGGREGATOR_STATE_DIR);
  const contributions = contributionStateOf(config, {
    kafka,
    store: contributionStore,
    logger,
    registry,
  });
  const rollups = rollupServiceOf(config, { store, producer, contributions, logger, registry });
  const runtime = {
    config,
    kafka,
    producer,
    rollups,
    contributions,
    transactionalId: transactionalIdOf(config),
    logger,
    registry,
    readiness,
  };
  const trunkQuality = await trunkQualityOf(config, { client, kafka, logger, registry, readiness });
  const app = await startHttpService({
    module: AppModule.forRoot(runtime, trunkQuality),
    logger,
    port: config.AGGREGATOR_PORT,
  });
  const retention = startRetention(config, store, logger);
  return {
    app,
    async close() {
      retention.stop();
      await app.close();
      await client.close();
      contributionStore.close();
    },
  };
}

// The topics the aggregator writes (alerts, its retry and dead-letter topics) and, from the same
// contract definitions, the ones it reads: subscribing to a missing topic fails the consumer, and
// their owner (the fetcher) may start later. ensureTopics never shrinks or deletes anything.
async function ensureOwnTopics(
  kafka: Kafka,
  config: Pick<AggregatorConfig, 'KAFKA_TOPIC_PREFIX' | 'PRIVACY_RETENTION_DAYS'>,
  replicationFactor: number,
): Promise<void> {
  const produced: AnyTopicDefinition[] = [
    TOPICS.alerts,
    TOPICS.aggregatorContributions,
    retryTopic('aggregator'),
    dlqTopic('aggregator'),
    TOPICS.records,
    TOPICS.pstnCalls,
    TOPICS.directRoutingCalls,
  ];
  const specs = topicSpecs(produced, {
    prefix: config.KAFKA_TOPIC_PREFIX,
    replicationFactor,
    retention: config.PRIVACY_RETENTION_DAYS,
  });
  await ensureTopics(kafka, specs);
}

// The trunk-quality join is a module of its own (own group, indexes and state): hooked in here only.
function trunkQualityOf(
  config: AggregatorConfig,
  parts: {
    client: OpenSearchClient;
    kafka: Kafka;
    logger: Logger;
    registry: Registry;
    readiness: Readiness;
  },
) {
  if (!config.AGGREGATOR_TRUNK_QUALITY_ENABLED) {
    return Promise.resolve(undefined);
  }
  return createTrunkQualityRuntime({
    ...parts,
    indexPrefix: config.OPENSEARCH_INDEX_PREFIX,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    batchSize: config.AGGREGATOR_BATCH_SIZE,
  });
}

function startRetention(
  config: AggregatorConfig,
  store: RollupStoreRepository,
  logger: Logger,
): RetentionService {
  const retentionDays = config.AGGREGATOR_RETENTION_DAYS;
  const retention = new RetentionService({
    store,
    retentionDays,
    privacy: config.PRIVACY_RETENTION_DAYS,
    logger,
    now: () => new Date(),
  });
  retention.start();
  return retention;
}

function contributorOf(config: AggregatorConfig): ContributionWorkers {
  return new ContributionWorkers(
    {
      sites: config.AGGREGATOR_SITES,
      rules: alertRulesOf(config),
      retention: config.PRIVACY_RETENTION_DAYS,
    },
    config.AGGREGATOR_CONTRIBUTION_WORKERS,
  );
}

function rollupServiceOf(
  config: AggregatorConfig,
  deps: {
    readonly store: RollupStoreRepository;
    readonly producer: EventProducer;
    readonly contributions: ContributionState;
    readonly logger: Logger;
    readonly registry: Registry;
  },
): RollupService {
  const { store, producer, logger, registry } = deps;
  const alerts = new AlertService({
    store,
    producer,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    webhook: webhookOf(config),
    logger,
    registry,
    now: () => new Date(),
  });
  return new RollupService({
    ...deps,
    cacheDocuments: config.AGGREGATOR_ROLLUP_CACHE_DOCUMENTS,
    alerts,
    rules: alertRulesOf(config),
    contributor: contributorOf(config),
    clock: new StageClock(registry),
  });
}

function rollupStoreOf(config: AggregatorConfig, client: OpenSearchClient): RollupStoreRepository {
  const prefix = config.OPENSEARCH_INDEX_PREFIX;
  return new RollupStoreRepository(client, aggregatorIndexNames(prefix), { prefix });
}

/** The consumed source topics (prefixed): the partitions whose state the aggregator keeps. */
export function sourceTopicsOf(prefix: string): string[] {
  return [TOPICS.records, TOPICS.pstnCalls, TOPICS.directRoutingCalls].map(
    (t) => prefixedTopic(t, prefix).name,
  );
}

function contributionStateOf(
  config: AggregatorConfig,
  deps: {
    readonly kafka: Kafka;
    readonly store: ContributionStore;
    readonly logger: Logger;
    readonly registry: Registry;
  },
): ContributionState {
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const days = config.AGGREGATOR_RETENTION_DAYS;
  return new ContributionState({
    ...deps,
    changelog: {
      topic: prefixedTopic(TOPICS.aggregatorContributions, prefix).name,
      partitions: TOPICS.aggregatorContributions.partitions,
    },
    sources: sourceTopicsOf(prefix),
    cutoffs: () => contributionCutoffs(new Date(), days, config.PRIVACY_RETENTION_DAYS),
    now: () => Date.now(),
  });
}

// Stable when configured (a restarted replica fences its predecessor's open transaction at once);
// otherwise unique, so that replicas on one host never fence each other.
function transactionalIdOf(config: AggregatorConfig): string {
  const group = prefixedGroup(consumerGroup('aggregator'), config.KAFKA_TOPIC_PREFIX);
  return (
    config.AGGREGATOR_TRANSACTIONAL_ID ?? `${group}-${hostname()}-${randomBytes(4).toString('hex')}`
  );
}

function alertRulesOf(config: AggregatorConfig): AlertRulesConfig {
  return {
    poorCall: {
      threshold: config.AGGREGATOR_POOR_CALL_RATIO,
      minCalls: config.AGGREGATOR_POOR_CALL_MIN_CALLS,
      windowHours: config.AGGREGATOR_POOR_CALL_WINDOW_HOURS,
    },
    trunkFailure: {
      threshold: config.AGGREGATOR_TRUNK_FAILURE_RATIO,
      minCalls: config.AGGREGATOR_TRUNK_MIN_CALLS,
      windowHours: config.AGGREGATOR_TRUNK_WINDOW_HOURS,
    },
    emergencyNumbers: config.AGGREGATOR_EMERGENCY_NUMBERS,
  };
}

function webhookOf(config: AggregatorConfig): WebhookOptions | undefined {
  const url = config.AGGREGATOR_ALERT_WEBHOOK_URL;
  return url
    ? {
        url,
        maxAttempts: config.AGGREGATOR_WEBHOOK_MAX_ATTEMPTS,
        timeoutMs: config.AGGREGATOR_WEBHOOK_TIMEOUT_MS,
      }
    : undefined;
}
