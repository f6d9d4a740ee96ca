import { randomUUID } from 'node:crypto';

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
import { createGraphSubscriptionClient, createTokenProvider } from '@callrecords/graph-client';
import type { GraphSubscriptionClient, TokenProvider } from '@callrecords/graph-client';
import {
  createKafkaClient,
  createProducer,
  ensureTopics,
  producerHealthIndicator,
  topicSpecs,
} from '@callrecords/kafka';
import type { EventProducer, Kafka } from '@callrecords/kafka';
import {
  createLogger,
  createMetricsRegistry,
  Readiness,
  startHttpService,
} from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import { AppModule } from './app.module';
import { BackfillService } from './backfill/backfill.service';
import type { IngestionConfig } from './config';
import { KafkaPublisher } from './kafka-publisher';
import { IngestionMetrics } from './metrics';
import { KafkaLeadership } from './subscriptions/leadership';
import type { FormerTenantGraph } from './subscriptions/reconciler';
import { SubscriptionManager } from './subscriptions/subscription-manager';
import { SubscriptionStore } from './subscriptions/subscription-store';
import { WebhookIntake } from './webhooks/webhook-intake';
import type { WebhookIntakeOptions } from './webhooks/webhook-intake';

// Builds and starts the whole service; main.ts and the integration tests both call this.

export interface IngestionDeps {
  /** The scheduler's clock (tests move it); Kafka and HTTP keep real time. */
  readonly now?: () => Date;
  readonly logger?: Logger;
  readonly registry?: Registry;
}

export interface RunningIngestion {
  readonly app: NestFastifyApplication;
  readonly url: string;
  readonly manager: SubscriptionManager;
  readonly store: SubscriptionStore;
  readonly leadership: KafkaLeadership;
  readonly backfill: BackfillService;
  readonly registry: Registry;
  readonly topics: { readonly notifications: string; readonly subscriptions: string };
  close(): Promise<void>;
}

// What ingestion produces to (and its own retry/DLQ), ensured at boot.
const PRODUCED_TOPICS: readonly AnyTopicDefinition[] = [
  TOPICS.notifications,
  TOPICS.subscriptions,
  retryTopic('ingestion'),
  dlqTopic('ingestion'),
];

interface Components {
  readonly registry: Registry;
  readonly readiness: Readiness;
  readonly metrics: IngestionMetrics;
  readonly logger: Logger;
  readonly producer: EventProducer;
  readonly tokens: TokenProvider;
  readonly graph: GraphSubscriptionClient;
  readonly store: SubscriptionStore;
  readonly leadership: KafkaLeadership;
  readonly backfill: BackfillService;
  readonly manager: SubscriptionManager;
  readonly intake: WebhookIntake;
  readonly topics: RunningIngestion['topics'];
}

async function connectKafka(
  config: IngestionConfig,
  logger: Logger,
  registry: Registry,
): Promise<{ kafka: Kafka; producer: EventProducer }> {
  const kafka = createKafkaClient(config, { service: 'ingestion', logger });
  await ensureTopics(
    kafka,
    topicSpecs(PRODUCED_TOPICS, {
      prefix: config.KAFKA_TOPIC_PREFIX,
      retention: config.PRIVACY_RETENTION_DAYS,
    }),
  );
  const producer = createProducer(kafka, { metrics: registry });
  await producer.connect();
  return { kafka, producer };
}

function subscriptionParts(
  config: IngestionConfig,
  kafka: Kafka,
  logger: Logger,
): { store: SubscriptionStore; leadership: KafkaLeadership; topic: string } {
  const topic = prefixedTopic(TOPICS.subscriptions, config.KAFKA_TOPIC_PREFIX).name;
  const group = prefixedGroup(consumerGroup('ingestion'), config.KAFKA_TOPIC_PREFIX);
  const store = new SubscriptionStore({
    kafka,
    topic,
    groupId: `${group}-state-${randomUUID()}`,
    logger,
  });
  const leadership = new KafkaLeadership({ kafka, topic, groupId: `${group}-leader`, logger });
  return { store, leadership, topic };
}

// Deleting the subscription of a tenant removed from GRAPH_TENANT_IDS needs a token for it, which
// the main client refuses: a client for that tenant alone, closed after use.
function formerTenantGraph(config: IngestionConfig): FormerTenantGraph {
  return (tenantId) => {
    const scoped = { ...config, GRAPH_TENANT_IDS: [tenantId] };
    const tokens = createTokenProvider(scoped);
    const graph = createGraphSubscriptionClient(scoped, tokens);
    return {
      graph,
      close: () => {
        graph.close();
        tokens.close();
      },
    };
  };
}

function managerSettings(config: IngestionConfig) {
  return {
    reconcile: {
      intervalMs: config.INGESTION_RECONCILE_INTERVAL_MS,
      silenceThresholdMs: config.INGESTION_SILENCE_THRESHOLD_MS,
      formerTenantGraph: formerTenantGraph(config),
    },
    tenantIds: config.GRAPH_TENANT_IDS,
    publicUrl: config.INGESTION_PUBLIC_URL,
    changeType: config.INGESTION_SUBSCRIPTION_CHANGE_TYPE,
    lifetimeMinutes: config.INGESTION_SUBSCRIPTION_LIFETIME_MINUTES,
    backfillPolicy: {
      overlapMs: config.INGESTION_BACKFILL_OVERLAP_MS,
      maxLookbackMs: config.INGESTION_BACKFILL_MAX_LOOKBACK_MS,
    },
  };
}

async function createComponents(config: IngestionConfig, deps: IngestionDeps): Promise<Components> {
  const now = deps.now ?? ((): Date => new Date());
  const logger =
    deps.logger ??
    createLogger({ service: 'ingestion', version: '0.1.0', level: config.LOG_LEVEL });
  const registry = deps.registry ?? createMetricsRegistry({ service: 'ingestion' });
  const metrics = new IngestionMetrics(registry);
  const { kafka, producer } = await connectKafka(config, logger, registry);
  const notifications = prefixedTopic(TOPICS.notifications, config.KAFKA_TOPIC_PREFIX).name;
  const tokens = createTokenProvider(config);
  const graph = createGraphSubscriptionClient(config, tokens);
  const { store, leadership, topic } = subscriptionParts(config, kafka, logger);
  metrics.watchSilence(config.GRAPH_TENANT_IDS, (tenantId) => store.lastNotificationOf(tenantId));
  const watchedUsers = config.INGESTION_WATCHED_USERS;
  const shared = { graph, producer, metrics, logger, now, watchedUsers };
  const backfill = new BackfillService({ ...shared, topic: notifications });
  const manager = new SubscriptionManager({
    ...shared,
    ...managerSettings(config),
    topic,
    store,
    leadership,
    backfill,
  });
  const intake = webhookIntake(config, {
    ...shared,
    store,
    manager,
    notificationsTopic: notifications,
  });
  return {
    ...shared,
    registry,
    readiness: new Readiness(),
    tokens,
    store,
    leadership,
    backfill,
    manager,
    intake,
    topics: { notifications, subscriptions: topic },
  };
}

/** Webhook bodies → checked notifications → Kafka, with the publisher's cooldown after a failure. */
function webhookIntake(
  config: IngestionConfig,
  parts: Omit<WebhookIntakeOptions, 'publisher' | 'tenantIds' | 'unknownSubscriptionWaitMs'> & {
    readonly producer: EventProducer;
  },
): WebhookIntake {
  const publisher = new KafkaPublisher({
    producer: parts.producer,
    cooldownMs: config.INGESTION_KAFKA_COOLDOWN_MS,
    now: Date.now,
  });
  return new WebhookIntake({
    ...parts,
    tenantIds: config.GRAPH_TENANT_IDS,
    unknownSubscriptionWaitMs: config.INGESTION_UNKNOWN_SUBSCRIPTION_WAIT_MS,
    publisher,
  });
}

function appModule(config: IngestionConfig, c: Components, timer: { id?: NodeJS.Timeout }) {
  return AppModule.forRoot({
    readiness: c.readiness,
    registry: c.registry,
    metrics: c.metrics,
    intake: c.intake,
    backfill: c.backfill,
    admin: { token: config.INGESTION_ADMIN_TOKEN, tenantIds: config.GRAPH_TENANT_IDS },
    resources: {
      async stopScheduling() {
        clearInterval(timer.id);
        await c.manager.tick().catch(() => undefined);
      },
      async closeConnections() {
        await Promise.allSettled([c.leadership.stop(), c.store.stop()]);
        await c.producer.disconnect();
        c.graph.close();
        c.tokens.close();
      },
    },
  });
}

export async function startIngestion(
  config: IngestionConfig,
  deps: IngestionDeps = {},
): Promise<RunningIngestion> {
  const c = await createComponents(config, deps);
  try {
    await Promise.all([c.store.start(), c.leadership.start()]);
  } catch (error) {
    // A failed boot leaves nothing running behind it.
    await Promise.allSettled([c.leadership.stop(), c.store.stop(), c.producer.disconnect()]);
    c.graph.close();
    c.tokens.close();
    throw error;
  }
  c.readiness.register(producerHealthIndicator(c.producer));
  c.readiness.register(c.store.health());
  const timer: { id?: NodeJS.Timeout } = {};
  const app = await startHttpService({
    module: appModule(config, c, timer),
    logger: c.logger,
    port: config.INGESTION_PORT,
    bodyLimitBytes: config.INGESTION_BODY_LIMIT_BYTES,
  });
  if (config.INGESTION_SCHEDULER_INTERVAL_MS > 0) {
    // Every replica ticks; only the one holding partition 0 (and caught up) acts.
    timer.id = setInterval(() => void c.manager.tick(), config.INGESTION_SCHEDULER_INTERVAL_MS);
    void c.store.whenCaughtUp().then(() => c.manager.tick());
    c.store.onLifecycle = () => void c.manager.tick();
    // A new leader reconciles at once rather than at the next timer tick.
    c.leadership.onChange = (isLeader) => isLeader && void c.manager.tick();
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.INGESTION_PORT;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    manager: c.manager,
    store: c.store,
    leadership: c.leadership,
    backfill: c.backfill,
    registry: c.registry,
    topics: c.topics,
    close: () => app.close(),
  };
}
