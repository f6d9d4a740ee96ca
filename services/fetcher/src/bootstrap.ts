import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createTokenProvider } from '@callrecords/graph-client';
import { keyEncryptionKey } from '@callrecords/contracts';
import { createKafkaClient, createPersonKeyTable, ensureTopics } from '@callrecords/kafka';
import type { Kafka, PersonKeyTable } from '@callrecords/kafka';
import { startHttpService } from '@callrecords/service-kit';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import { AppModule } from './app.module';
import type { FetcherConfig } from './config';
import { systemClock } from './fetcher.constants';
import type { FetcherRuntime } from './fetcher.constants';
import { fetcherTopics } from './fetcher-topics';
import type { FetcherTopics } from './fetcher-topics';
import { FetcherMetrics } from './platform/fetcher-metrics.service';
import { createGraphAccess } from './platform/graph-access.service';
import { GraphRateLimiter } from './platform/graph-rate-limiter.service';
import type { Clock, GraphLimits } from './platform/graph-rate-limiter.service';
import { createPersonSealer } from './platform/person-sealer.service';
import type { PersonSealer } from './platform/person-sealer.service';
import { createPseudonymiser } from './platform/pseudonymiser.service';
import type { Pseudonymiser } from './platform/pseudonymiser.service';

export interface FetcherDeps {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
  /** Jitter source; Math.random unless a test seeds it. */
  readonly random?: () => number;
  /** The poller's clock (report windows, settling); the system clock unless a test moves time. */
  readonly clock?: Clock;
}

export interface RunningFetcher {
  readonly app: NestFastifyApplication;
  readonly runtime: FetcherRuntime;
  /** Graceful stop: readiness off, consumer drained and committed, producers flushed. */
  close(): Promise<void>;
}

/** Builds everything from validated config, ensures the topics, and starts the Nest app. */
export async function startFetcher(
  config: FetcherConfig,
  deps: FetcherDeps,
): Promise<RunningFetcher> {
  const pseudonymiser = createPseudonymiser(config);
  const kafka = createKafkaClient(config, { service: 'fetcher', logger: deps.logger });
  const topics = fetcherTopics(
    config.KAFKA_TOPIC_PREFIX,
    config.FETCHER_TOPIC_REPLICATION_FACTOR,
    config.PRIVACY_RETENTION_DAYS,
  );
  await ensureTopics(kafka, topics.specs);
  const sealing = await startSealing(config, { kafka, topics, pseudonymiser });
  const metrics = new FetcherMetrics(deps.registry);
  const limiter = new GraphRateLimiter(graphLimitsOf(config), systemClock, metrics);
  // Token renewal is the token provider's job: MSAL caches per tenant and renews before expiry.
  const tokens = createTokenProvider(config);
  const graph = createGraphAccess(config, { tokens, limiter, metrics });
  const runtime: FetcherRuntime = {
    ...deps,
    config,
    kafka,
    topics,
    transactionalIds: transactionalIdsOf(config),
    graph,
    limiter,
    metrics,
    pseudonymiser,
    sealer: sealing?.sealer,
    personKeys: sealing?.table,
    clock: deps.clock ?? systemClock,
    random: deps.random ?? Math.random,
  };
  const app = await startHttpService({
    module: AppModule.forRoot(runtime),
    logger: deps.logger,
    port: config.FETCHER_PORT,
  });
  return {
    app,
    runtime,
    close: async () => {
      await app.close();
      sealing?.stop();
      graph.close();
      tokens.close();
    },
  };
}

/**
 * The sealer when PRIVACY_KEY_SECRET is set: person keys read from their topic before the first
 * record, then again every FETCHER_PERSON_KEYS_REFRESH_SECONDS.
 */
async function startSealing(
  config: FetcherConfig,
  deps: { kafka: Kafka; topics: FetcherTopics; pseudonymiser: Pseudonymiser },
): Promise<{ sealer: PersonSealer; table: PersonKeyTable; stop: () => void } | undefined> {
  const secret = config.PRIVACY_KEY_SECRET;
  if (secret === undefined) {
    return undefined;
  }
  if (config.FETCHER_PSEUDONYM_SECRET === undefined) {
    throw new Error("PRIVACY_KEY_SECRET needs FETCHER_PSEUDONYM_SECRET (the persons' pseudonyms)");
  }
  const kek = keyEncryptionKey(secret);
  const table = createPersonKeyTable({ kafka: deps.kafka, topic: deps.topics.personKeys, kek });
  const sealer = createPersonSealer({
    table,
    topic: deps.topics.personKeys,
    kek,
    pseudonymSecret: config.FETCHER_PSEUDONYM_SECRET,
    skip: (tenantId) => deps.pseudonymiser.isPseudonymous(tenantId),
  });
  await sealer.refresh();
  const timer = setInterval(() => {
    // A failed read keeps the keys held; the next tick reads again.
    sealer.refresh().catch(() => undefined);
  }, config.FETCHER_PERSON_KEYS_REFRESH_SECONDS * 1000);
  timer.unref();
  return { sealer, table, stop: () => clearInterval(timer) };
}

/** The records producer's id (stable per replica) and the reports producer's (shared). */
function transactionalIdsOf(config: FetcherConfig): FetcherRuntime['transactionalIds'] {
  const prefix = config.KAFKA_TOPIC_PREFIX;
  const records = `${prefix}${config.FETCHER_TRANSACTIONAL_ID ?? `callrecords-fetcher-${hostname()}`}`;
  return {
    records,
    reports: `${prefix}callrecords-fetcher-reports`,
    erasures: `${records}-erasures`,
  };
}

function graphLimitsOf(config: FetcherConfig): GraphLimits {
  return {
    appPer20s: config.FETCHER_APP_REQUESTS_PER_20S,
    tenantPer20s: config.FETCHER_TENANT_REQUESTS_PER_20S,
    recordPer20s: config.FETCHER_RECORD_REQUESTS_PER_20S,
    reportPer60s: config.FETCHER_REPORT_REQUESTS_PER_60S,
  };
}

/** Reads `<KEY>_FILE` secrets (Kubernetes secrets mounted as files). */
export function readSecretFile(path: string): string {
  return readFileSync(path, 'utf8').trim();
}
