// Shared by the indexer's integration specs: real Kafka and OpenSearch, names isolated by prefix.
import {
  CallRecordFetchedV1Definition,
  decodeEvent,
  DirectRoutingCallRowV1Definition,
  encodeEvent,
  graphKey,
  indexNames,
  ProcessingFailedV1Definition,
  PstnCallRowV1Definition,
} from '@callrecords/contracts';
import type { IndexId, IndexNames, ProcessingFailedV1 } from '@callrecords/contracts';
import { createKafkaClient, createProducer, runConsumer } from '@callrecords/kafka';
import type { EventProducer, Kafka, OutgoingMessage, RunningConsumer } from '@callrecords/kafka';
import { createOpenSearchClient, refreshIndex } from '@callrecords/opensearch';
import type { OpenSearchClient } from '@callrecords/opensearch';
import { createLogger, createMetricsRegistry, loadConfig } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import { startIndexer } from '../src/bootstrap';
import type { RunningIndexer } from '../src/bootstrap';
import { indexerConfigSchema } from '../src/config';
import type { IndexerConfig } from '../src/config';
import type { IndexedEvent } from '../src/domain/index-writes';
import { indexerTopics } from '../src/indexing/indexer-topics';
import type { IndexerTopics } from '../src/indexing/indexer-topics';

export interface StoredDocument {
  readonly version: number;
  readonly index: string;
  readonly source: Record<string, unknown>;
}

/** A started indexer and the metrics registry it reports to (read in-process by benchmarks). */
export interface StartedIndexer extends RunningIndexer {
  readonly registry: Registry;
}

export interface IndexerHarness {
  readonly config: IndexerConfig;
  readonly kafka: Kafka;
  readonly openSearch: OpenSearchClient;
  readonly names: Record<IndexId, IndexNames>;
  readonly topics: IndexerTopics;
  readonly logger: Logger;
  /** Boots the real service (port 0) with the harness config plus `env` overrides. */
  start(env?: Readonly<Record<string, string>>): Promise<StartedIndexer>;
  produce(events: readonly IndexedEvent[]): Promise<void>;
  /** Every document readable through the read alias, by `_id`. */
  documents(id: IndexId): Promise<Map<string, StoredDocument>>;
  /** Dead letters received so far on the indexer's DLQ. */
  deadLetters(): Promise<readonly ProcessingFailedV1[]>;
  close(): Promise<void>;
}

function encode(event: IndexedEvent, topics: IndexerTopics): OutgoingMessage {
  const [records, pstn, directRouting] = topics.inputs as [string, string, string];
  switch (event.type) {
    case 'CallRecordFetched':
      return {
        topic: records,
        key: graphKey(event.tenantId, event.payload.callRecord.id),
        ...encodeEvent(CallRecordFetchedV1Definition, event),
      };
    case 'PstnCallRow':
      return {
        topic: pstn,
        key: graphKey(event.tenantId, event.payload.row.id),
        ...encodeEvent(PstnCallRowV1Definition, event),
      };
    case 'DirectRoutingCallRow':
      return {
        topic: directRouting,
        key: graphKey(event.tenantId, event.payload.row.id),
        ...encodeEvent(DirectRoutingCallRowV1Definition, event),
      };
  }
}

function harnessEnv(prefix: string): Record<string, string | undefined> {
  return {
    ...process.env,
    KAFKA_TOPIC_PREFIX: `${prefix}.`,
    OPENSEARCH_INDEX_PREFIX: `${prefix}-`,
    INDEXER_BULK_MAX_DELAY_MS: '50',
    INDEXER_RETRY_BUDGET_MS: '5000',
    OPENSEARCH_REQUEST_TIMEOUT_MS: '10000',
    LOG_LEVEL: 'silent',
  };
}

/** Every document readable through `alias`, by `_id` (after a refresh). */
export async function readDocuments(
  openSearch: OpenSearchClient,
  alias: string,
): Promise<Map<string, StoredDocument>> {
  await refreshIndex(openSearch, alias);
  const response = await openSearch.search({
    index: alias,
    body: { query: { match_all: {} }, size: 10_000, version: true },
  });
  const hits = response.body.hits.hits as {
    _id: string;
    _index: string;
    _version?: number;
    _source?: Record<string, unknown>;
  }[];
  return new Map(
    hits.map((hit) => [
      hit._id,
      { version: hit._version ?? -1, index: hit._index, source: hit._source ?? {} },
    ]),
  );
}

function dlqReader(kafka: Kafka, options: { groupId: string; topic: string; logger: Logger }) {
  const received: ProcessingFailedV1[] = [];
  let consumer: Promise<RunningConsumer> | undefined;
  return {
    read: async (): Promise<readonly ProcessingFailedV1[]> => {
      consumer ??= runConsumer({
        kafka,
        service: 'indexer',
        groupId: options.groupId,
        topics: [options.topic],
        decode: (value, headers) => decodeEvent(ProcessingFailedV1Definition, value, headers),
        handle: (events) => {
          received.push(...events.map((e) => e.event));
          return Promise.resolve(events.map(() => ({ kind: 'done' as const, produce: [] })));
        },
        deadLetterTopic: options.topic,
        logger: options.logger,
        metrics: createMetricsRegistry({ service: 'dlq', defaultMetrics: false }),
      });
      await consumer;
      return received;
    },
    stop: async () => (consumer ? (await consumer).stop() : undefined),
  };
}

/** A harness whose topics, group and indexes all start with `prefix` (from uniqueName()). */
export async function createIndexerHarness(prefix: string): Promise<IndexerHarness> {
  const env = harnessEnv(prefix);
  const config = loadConfig(indexerConfigSchema, env);
  const logger = createLogger({ service: 'indexer-test', version: '0', level: 'silent' });
  const kafka = createKafkaClient(config, { service: 'indexer-test', logger });
  const openSearch = createOpenSearchClient(config, { readFile: () => '' });
  const producer: EventProducer = createProducer(kafka);
  await producer.connect();
  const topics = indexerTopics(config.KAFKA_TOPIC_PREFIX);
  const names = indexNames(config.OPENSEARCH_INDEX_PREFIX);
  const running: RunningIndexer[] = [];
  const dlq = dlqReader(kafka, { groupId: `${prefix}-dlq`, topic: topics.deadLetter, logger });
  return {
    ...{ config, kafka, openSearch, names, topics, logger },
    async start(overrides = {}) {
      const merged = loadConfig(indexerConfigSchema, { ...env, ...overrides });
      const registry = createMetricsRegistry({ service: 'indexer', defaultMetrics: false });
      const indexer = await startIndexer(merged, { logger, registry, port: 0 });
      running.push(indexer);
      return { ...indexer, registry };
    },
    produce: (events) => producer.send(events.map((event) => encode(event, topics))),
    documents: (id) => readDocuments(openSearch, names[id].readAlias),
    deadLetters: () => dlq.read(),
    async close() {
      await dlq.stop();
      await Promise.all(running.map((indexer) => indexer.close()));
      await producer.disconnect();
      await cleanUp(kafka, openSearch, { prefix, topics });
      await openSearch.close();
    },
  };
}

// Only what this harness created: indexes, templates and topics under its unique prefix.
async function cleanUp(
  kafka: Kafka,
  openSearch: OpenSearchClient,
  owned: { readonly prefix: string; readonly topics: IndexerTopics },
): Promise<void> {
  await openSearch.indices.delete({ index: `${owned.prefix}-*` }).catch(() => undefined);
  await openSearch.indices
    .deleteIndexTemplate({ name: `${owned.prefix}-*` })
    .catch(() => undefined);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const all = await admin.listTopics();
    const mine = all.filter((topic) => topic.startsWith(`${owned.prefix}.`));
    await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
