// Shared by the fetcher's integration specs: config, an in-process fetcher, notifications in and a
// read_committed reader out. Only @callrecords libs here; the testing lib and simulator stay in specs.
import { randomUUID } from 'node:crypto';

import {
  createEvent,
  decodeEvent,
  encodeEvent,
  graphKey,
  NotificationReceivedV1Definition,
} from '@callrecords/contracts';
import type { AnyEventDefinition, EventOf } from '@callrecords/contracts';
import { createKafkaClient, createProducer } from '@callrecords/kafka';
import type { StartedSimulator } from '@callrecords/graph-simulator';
import type { Kafka } from '@callrecords/kafka';
import {
  createLogger,
  createMetricsRegistry,
  loadConfig,
  Readiness,
} from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

import { startFetcher } from '../src/bootstrap';
import type { RunningFetcher } from '../src/bootstrap';
import { fetcherConfigSchema } from '../src/config';
import type { FetcherConfig } from '../src/config';
import { seededRandom } from '../src/domain/retry-schedule';
import type { Clock } from '../src/platform/graph-rate-limiter.service';

export interface SimulatorEndpoints {
  readonly graphUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantIds: readonly string[];
  readonly caFile: string;
}

/** The endpoints of a started simulator, both of its tenants, trusting `caFile`. */
export function endpointsOf(
  started: Pick<
    StartedSimulator,
    'graphUrl' | 'clientId' | 'clientSecret' | 'tenantId' | 'secondTenantId'
  >,
  caFile: string,
): SimulatorEndpoints {
  return {
    graphUrl: started.graphUrl,
    clientId: started.clientId,
    clientSecret: started.clientSecret,
    tenantIds: [started.tenantId, started.secondTenantId],
    caFile,
  };
}

/** The environment of a fetcher against the simulator, fast retries, reports off unless asked. */
export function fetcherEnv(
  sim: SimulatorEndpoints,
  options: { brokers: readonly string[]; prefix: string; extra?: Record<string, string> },
): Record<string, string> {
  return {
    KAFKA_BROKERS: options.brokers.join(','),
    KAFKA_TOPIC_PREFIX: options.prefix,
    GRAPH_TENANT_IDS: sim.tenantIds.join(','),
    GRAPH_CLIENT_ID: sim.clientId,
    GRAPH_CLIENT_SECRET: sim.clientSecret,
    GRAPH_AUTHORITY_HOST: sim.graphUrl,
    GRAPH_BASE_URL: sim.graphUrl,
    GRAPH_CA_FILE: sim.caFile,
    FETCHER_PORT: '0',
    LOG_LEVEL: 'silent',
    FETCHER_NOT_YET_AVAILABLE_RETRY_SECONDS: '1,1',
    FETCHER_BACKOFF_BASE_MS: '100',
    FETCHER_BACKOFF_MAX_MS: '1000',
    FETCHER_REPORTS_ENABLED: 'false',
    ...options.extra,
  };
}

/**
 * The environment of a report poller from `historyStart`: one-hour windows up to now (no lag), a
 * short pause between rounds, and re-polls every round unless `extra` says otherwise.
 */
export function reportsEnv(
  sim: SimulatorEndpoints,
  options: {
    brokers: readonly string[];
    prefix: string;
    historyStart: number;
    extra?: Record<string, string>;
  },
): Record<string, string> {
  return fetcherEnv(sim, {
    brokers: options.brokers,
    prefix: options.prefix,
    extra: {
      FETCHER_REPORTS_ENABLED: 'true',
      FETCHER_REPORTS_HISTORY_START: new Date(options.historyStart).toISOString(),
      FETCHER_REPORTS_LAG_MINUTES: '0',
      FETCHER_REPORTS_WINDOW_MINUTES: '60',
      FETCHER_REPORTS_POLL_INTERVAL_SECONDS: '0.5',
      FETCHER_REPORTS_REPOLL_INTERVAL_MINUTES: '0.001',
      ...options.extra,
    },
  });
}

export interface InProcessFetcher extends RunningFetcher {
  readonly config: FetcherConfig;
  readonly registry: Registry;
}

export async function startInProcessFetcher(
  env: Record<string, string>,
  options: { clock?: Clock } = {},
): Promise<InProcessFetcher> {
  const config = loadConfig(fetcherConfigSchema, env);
  const registry = createMetricsRegistry({ service: 'fetcher', defaultMetrics: false });
  const logger = createLogger({ service: 'fetcher', version: 'test', level: config.LOG_LEVEL });
  const running = await startFetcher(config, {
    logger,
    registry,
    readiness: new Readiness(),
    random: seededRandom(42),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { ...running, config, registry };
}

export function testKafka(brokers: readonly string[]): Kafka {
  const logger = createLogger({ service: 'fetcher-test', version: 'test', level: 'silent' });
  return createKafkaClient(
    {
      KAFKA_BROKERS: [...brokers],
      KAFKA_SSL: false,
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_CONNECTION_TIMEOUT_MS: 5_000,
    },
    { service: 'fetcher-test', logger },
  );
}

/** Produces one NotificationReceivedV1 per (tenant, id), as ingestion would. */
export async function notify(
  kafka: Kafka,
  topic: string,
  notifications: readonly { tenantId: string; callRecordId: string }[],
): Promise<void> {
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    await producer.send(
      notifications.map(({ tenantId, callRecordId }) => {
        const event = createEvent(NotificationReceivedV1Definition, {
          tenantId,
          correlationId: randomUUID(),
          occurredAt: new Date(),
          producedAt: new Date(),
          payload: {
            source: 'backfill',
            callRecordId,
            resource: `communications/callRecords/${callRecordId}`,
            changeType: 'updated',
            receivedAt: new Date().toISOString(),
          },
        });
        const encoded = encodeEvent(NotificationReceivedV1Definition, event);
        return { topic, key: graphKey(tenantId, callRecordId), ...encoded };
      }),
    );
  } finally {
    await producer.disconnect();
  }
}

export interface ReadMessage<E> {
  readonly key: string;
  readonly event: E;
}

/** Everything a read_committed reader sees on `topic`, from the beginning, as it arrives. */
export interface TopicReader<E> {
  readonly messages: ReadMessage<E>[];
  stop(): Promise<void>;
}

export async function readCommitted<const D extends AnyEventDefinition>(
  kafka: Kafka,
  topic: string,
  definition: D,
): Promise<TopicReader<EventOf<D>>> {
  const consumer = kafka.consumer({
    groupId: `fetcher-test-reader-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const messages: ReadMessage<EventOf<D>>[] = [];
  await consumer.connect();
  await subscribeWhenReady(() => consumer.subscribe({ topics: [topic], fromBeginning: true }));
  await consumer.run({
    eachMessage: ({ message }) => {
      const event = decodeEvent(definition, message.value, message.headers) as EventOf<D>;
      messages.push({ key: message.key?.toString() ?? '', event });
      return Promise.resolve();
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}

// A topic created a moment ago may not be in every metadata answer yet: try again for a while.
async function subscribeWhenReady(subscribe: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await subscribe();
      return;
    } catch (error) {
      if (attempt >= 50) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** The value of a counter (summed over series matching `labels`) in a registry. */
export async function counterValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) {
    return 0;
  }
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}
