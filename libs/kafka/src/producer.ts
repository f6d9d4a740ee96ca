import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Kafka, Message, Producer } from 'kafkajs';

import { Counter } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

import { registerZstdCodec } from './zstd-codec';

/**
 * A message ready for Kafka: value already encoded by @callrecords/contracts, or null (a tombstone
 * on a compacted topic). `partition` overrides the key's partition (a state changelog kept
 * partition by partition beside its source).
 */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, string>>;
  readonly partition?: number;
  /**
   * The message's timestamp (epoch ms; default: when produced). Topics of calls carry the call's
   * start, so that time-based retention deletes a call by its age (README "Personal data").
   */
  readonly timestamp?: number;
}

export interface EventProducer {
  connect(): Promise<void>;
  /** Resolves once every message is acknowledged by all in-sync replicas (acks=-1); rejects otherwise. */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
  readonly connected: boolean;
}

export interface ProducerOptions {
  readonly metrics?: Registry;
}

/**
 * An idempotent producer (no duplicates from its own retries, order kept per partition) that
 * compresses record batches with zstd. `send` returns only after acks from all in-sync replicas.
 */
export function createProducer(kafka: Kafka, options: ProducerOptions = {}): EventProducer {
  registerZstdCodec();
  const producer: Producer = kafka.producer({
    // Java-compatible murmur2: the same key lands on the same partition as with Java clients.
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 5,
    allowAutoTopicCreation: false,
  });
  const sent = options.metrics
    ? new Counter({
        name: 'callrecords_kafka_produced_messages_total',
        help: 'Messages acknowledged by Kafka, by topic',
        labelNames: ['topic'],
        registers: [options.metrics],
      })
    : undefined;
  let connected = false;
  producer.on(producer.events.CONNECT, () => (connected = true));
  producer.on(producer.events.DISCONNECT, () => (connected = false));
  return {
    connect: () => producer.connect(),
    async send(messages) {
      if (messages.length === 0) {
        return;
      }
      await producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.ZSTD,
        topicMessages: groupByTopic(messages),
      });
      for (const message of messages) {
        sent?.inc({ topic: message.topic });
      }
    },
    disconnect: () => producer.disconnect(),
    get connected() {
      return connected;
    },
  };
}

/**
 * When a message was produced (epoch ms), set beside an explicit `timestamp`: topics of calls carry
 * the call's start as Kafka timestamp (retention), so freshness metrics read this header instead.
 */
export const PRODUCED_AT_HEADER = 'x-callrecords-produced-at';

export function groupByTopic(
  messages: readonly OutgoingMessage[],
): { topic: string; messages: Message[] }[] {
  const byTopic = new Map<string, Message[]>();
  const producedAt = Date.now();
  for (const message of messages) {
    const list = byTopic.get(message.topic) ?? [];
    list.push({
      key: message.key,
      value: message.value,
      headers:
        message.timestamp === undefined
          ? { ...message.headers }
          : { ...message.headers, [PRODUCED_AT_HEADER]: String(producedAt) },
      ...(message.partition === undefined ? {} : { partition: message.partition }),
      ...(message.timestamp === undefined ? {} : { timestamp: String(message.timestamp) }),
    });
    byTopic.set(message.topic, list);
  }
  return [...byTopic.entries()].map(([topic, list]) => ({ topic, messages: list }));
}
