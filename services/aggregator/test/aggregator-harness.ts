import { randomBytes } from 'node:crypto';

import {
  AlertRaisedV1Definition,
  decodeEvent,
  encodeEvent,
  prefixedTopic,
  ROLLUP_INTERVALS,
  rollupDocumentId,
  rollupIndexName,
  ROLLUP_METRICS,
  TOPICS,
} from '@callrecords/contracts';
import type { RollupDocument } from '@callrecords/contracts';
import { createKafkaClient, createProducer, ensureTopics, topicSpecs } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import { createOpenSearchClient } from '@callrecords/opensearch';
import type { OpenSearchClient } from '@callrecords/opensearch';
import { createLogger, createMetricsRegistry, loadConfig } from '@callrecords/service-kit';
import type { Logger } from '@callrecords/service-kit';
import { waitFor } from '@callrecords/testing';

import { startAggregator } from '../src/bootstrap';
import type { RunningAggregator } from '../src/bootstrap';
import { aggregatorConfigSchema } from '../src/config';
import type { AggregatorConfig } from '../src/config';
import type { AggregatorEvent } from '../src/rollups/to-contribution';
import { oracleRollups } from './rollup-oracle';

export const SILENT: Logger = createLogger({
  service: 'aggregator-test',
  version: 'test',
  level: (process.env['AGGREGATOR_TEST_LOG_LEVEL'] as 'silent' | undefined) ?? 'silent',
});

/** Unique prefixes and the env a test aggregator (in-process or child) runs with. */
export function testEnvironment(overrides: Record<string, string> = {}): Record<string, string> {
  // The jest global setup exports where Kafka and OpenSearch are (libs/testing global-setup).
  const prefix = `${uniqueName('agg')}.`;
  return {
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    OPENSEARCH_URL: process.env['OPENSEARCH_URL'] ?? 'http://127.0.0.1:9200',
    KAFKA_TOPIC_PREFIX: prefix,
    OPENSEARCH_INDEX_PREFIX: prefix.replace(/\.$/, '-'),
    AGGREGATOR_PORT: '0',
    LOG_LEVEL: process.env['AGGREGATOR_TEST_LOG_LEVEL'] ?? 'silent',
    AGGREGATOR_BATCH_SIZE: '100',
    // The trunk-quality join has its own group and tests (trunk-quality.integration.spec.ts): off
    // here, so the rollup core's timing tests (shutdown, SIGKILL) measure the core alone.
    AGGREGATOR_TRUNK_QUALITY_ENABLED: 'false',
    ...overrides,
  };
}

export function configOf(env: Record<string, string>): AggregatorConfig {
  return loadConfig(aggregatorConfigSchema, env);
}

export function startInProcess(config: AggregatorConfig): Promise<RunningAggregator> {
  return startAggregator(config, {
    logger: SILENT,
    registry: createMetricsRegistry({ service: 'aggregator', defaultMetrics: false }),
  });
}

/** Test-side Kafka and OpenSearch clients under the same prefixes. */
export class TestPipeline {
  readonly kafka: Kafka;
  readonly client: OpenSearchClient;
  private readonly producer;

  constructor(readonly config: AggregatorConfig) {
    this.kafka = createKafkaClient(config, { service: 'aggregator', logger: SILENT });
    this.client = createOpenSearchClient(config, { readFile: () => '' });
    this.producer = createProducer(this.kafka);
  }

  async init(): Promise<void> {
    const sources = [TOPICS.records, TOPICS.pstnCalls, TOPICS.directRoutingCalls, TOPICS.alerts];
    await ensureTopics(
      this.kafka,
      topicSpecs(sources, {
        prefix: this.config.KAFKA_TOPIC_PREFIX,
        replicationFactor: 1,
        retention: this.config.PRIVACY_RETENTION_DAYS,
      }),
    );
    await this.producer.connect();
  }

  topic(t: { readonly name: string }): string {
    return prefixedTopic(t, this.config.KAFKA_TOPIC_PREFIX).name;
  }

  async produce(events: readonly AggregatorEvent[]): Promise<void> {
    await this.producer.send(events.map((e) => this.toMessage(e)));
  }

  private toMessage(e: AggregatorEvent) {
    switch (e.type) {
      case 'CallRecordFetched':
        return {
          topic: this.topic(TOPICS.records),
          key: TOPICS.records.key(e),
          ...encodeEvent(TOPICS.records.events[0], e),
        };
      case 'PstnCallRow':
        return {
          topic: this.topic(TOPICS.pstnCalls),
          key: TOPICS.pstnCalls.key(e),
          ...encodeEvent(TOPICS.pstnCalls.events[0], e),
        };
      case 'DirectRoutingCallRow':
        return {
          topic: this.topic(TOPICS.directRoutingCalls),
          key: TOPICS.directRoutingCalls.key(e),
          ...encodeEvent(TOPICS.directRoutingCalls.events[0], e),
        };
    }
  }

  async produceRaw(topic: string, value: Buffer): Promise<void> {
    await this.producer.send([{ topic, key: 'poison', value }]);
  }

  /** Messages ever written to a topic (sum of the partitions' high watermarks). */
  async messageCount(topic: string): Promise<number> {
    const admin = this.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    return offsets.reduce((n, o) => n + Number(o.high), 0);
  }

  /** Every rollup document with something counted in it, by `_id`. */
  async readRollups(): Promise<Map<string, RollupDocument>> {
    const indexes = ROLLUP_METRICS.flatMap((m) =>
      ROLLUP_INTERVALS.map((i) => rollupIndexName(m, i, this.config.OPENSEARCH_INDEX_PREFIX)),
    );
    await this.client.indices.refresh({ index: indexes.join(',') });
    const response = await this.client.search({
      index: indexes.join(','),
      body: { size: 10_000, query: { match_all: {} } },
    });
    const hits = (response.body as unknown as { hits: { hits: { _source: RollupDocument }[] } })
      .hits.hits;
    return new Map(
      hits
        .map((h) => h._source)
        .filter(isCounted)
        .map((d) => [rollupDocumentId(d) + d.metric, d]),
    );
  }

  /** Every AlertRaisedV1 on the alerts topic so far. */
  async readAlerts(): Promise<ReturnType<typeof decodeAlert>[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(this.topic(TOPICS.alerts));
    await admin.disconnect();
    const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
    const consumer = this.kafka.consumer({ groupId: uniqueName('alerts-reader') });
    const alerts: ReturnType<typeof decodeAlert>[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic(TOPICS.alerts)], fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      if (total === 0) {
        resolve();
      }
      void consumer.run({
        eachMessage: ({ message }) => {
          alerts.push(decodeAlert(message.value));
          if (alerts.length >= total) {
            resolve();
          }
          return Promise.resolve();
        },
      });
    });
    await done;
    await consumer.disconnect();
    return alerts;
  }

  /** Disconnects, then deletes the topics and indexes under this test's prefixes (only those). */
  async close(): Promise<void> {
    await this.producer.disconnect();
    const admin = this.kafka.admin();
    await admin.connect();
    const prefix = this.config.KAFKA_TOPIC_PREFIX;
    // Twice: a process killed mid-boot may have been creating its retry and DLQ topics.
    for (const _pass of [1, 2]) {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      await admin.deleteTopics({ topics, timeout: 15_000 }).catch(() => undefined);
    }
    const groups = (await admin.listGroups()).groups.filter((g) => g.groupId.startsWith(prefix));
    await admin.deleteGroups(groups.map((g) => g.groupId)).catch(() => undefined);
    await admin.disconnect();
    await this.client.indices
      .delete({ index: `${this.config.OPENSEARCH_INDEX_PREFIX}callrecords-*` })
      .catch(() => undefined);
    await this.client.close();
  }
}

function decodeAlert(value: Buffer | null) {
  return decodeEvent(AlertRaisedV1Definition, value);
}

function isCounted(doc: RollupDocument): boolean {
  return doc.metric === 'streams' ? doc.streams > 0 : doc.calls > 0;
}

/** The rollups a brute-force recomputation from the Graph records gives (rollup-oracle.ts). */
export function bruteForceRollups(
  events: readonly AggregatorEvent[],
  config: AggregatorConfig,
): Map<string, Record<string, unknown>> {
  return oracleRollups(events, config.AGGREGATOR_SITES);
}

/** Waits until the stored rollups equal `expected`; answers the differences (empty) or throws. */
export function exactRollups(
  pipeline: TestPipeline,
  expected: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  timeoutMs = 60_000,
): Promise<string[]> {
  return waitFor(
    async () => {
      const d = differences(await pipeline.readRollups(), expected);
      return d.length === 0 ? d : undefined;
    },
    { timeoutMs, intervalMs: 500, description: 'rollups equal to the recomputation' },
  );
}

/** The ids whose documents differ (for a readable failure), or undefined when equal. */
export function differences(
  actual: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  expected: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
): string[] {
  const ids = new Set([...actual.keys(), ...expected.keys()]);
  return [...ids].filter((id) => canonical(actual.get(id)) !== canonical(expected.get(id)));
}

// The contract fields in a fixed order; the aggregator's private `aggregation` state is not compared.
function canonical(doc: Readonly<Record<string, unknown>> | undefined): string {
  return doc
    ? JSON.stringify(
        Object.keys(doc)
          .filter((k) => k !== 'aggregation')
          .sort()
          .map((k) => [k, doc[k]]),
      )
    : 'absent';
}

function uniqueName(base: string): string {
  return `${base}-${randomBytes(5).toString('hex')}`;
}
