import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Kafka, Producer } from 'kafkajs';

import type { OutgoingMessage } from './producer';
import { groupByTopic } from './producer';
import { registerZstdCodec } from './zstd-codec';

/**
 * Retries of a transactional producer. Right after a commit the coordinator still writes the
 * commit markers, and the next transaction's first AddPartitionsToTxn is answered
 * CONCURRENT_TRANSACTIONS: the Java client retries it after 20 ms, kafkajs after its default
 * 300 ms (doubling), which made consecutive transactions wait 250–350 ms now and then (a
 * measured probe: 10–56 ms per transaction otherwise). The first retry comes after 25 ms and
 * doubles up to kafkajs's 30 s cap. The count stays unlimited, kafkajs's default for idempotent
 * producers: a limited count gives up inside a broker restart and breaks exactly-once (the
 * fetcher's broker-restart test saw duplicates with 9).
 */
export const TRANSACTION_RETRY = {
  initialRetryTime: 25,
  multiplier: 2,
  retries: Number.MAX_SAFE_INTEGER,
} as const;

/** A producer whose every `send` is one Kafka transaction: all messages visible, or none. */
export interface TransactionalProducer {
  /** Connects and registers the transactional id, fencing any older producer with the same id. */
  connect(): Promise<void>;
  /** Sends the messages in one transaction; read_committed readers see all of them or none. */
  sendAtomically(messages: readonly OutgoingMessage[]): Promise<void>;
  disconnect(): Promise<void>;
  readonly connected: boolean;
}

/**
 * A transactional, idempotent producer (acks=-1, zstd). A second producer with the same
 * `transactionalId` fences this one: its next send fails, so two writers never interleave.
 */
export function createTransactionalProducer(
  kafka: Kafka,
  transactionalId: string,
): TransactionalProducer {
  registerZstdCodec();
  const producer: Producer = kafka.producer({
    // Java-compatible murmur2: the same key lands on the same partition as with Java clients.
    createPartitioner: Partitioners.DefaultPartitioner,
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: TRANSACTION_RETRY,
  });
  let connected = false;
  producer.on(producer.events.CONNECT, () => (connected = true));
  producer.on(producer.events.DISCONNECT, () => (connected = false));
  return {
    async connect() {
      await producer.connect();
      // kafkajs registers the transactional id lazily, at the first transaction: do it now, so
      // connecting fences an older producer and aborts its open transaction before we read state.
      const registration = await producer.transaction();
      await registration.abort();
    },
    async sendAtomically(messages) {
      if (messages.length === 0) {
        return;
      }
      const transaction = await producer.transaction();
      try {
        await transaction.sendBatch({
          acks: -1,
          compression: CompressionTypes.ZSTD,
          topicMessages: groupByTopic(messages),
        });
        await transaction.commit();
      } catch (error) {
        // Aborted: read_committed readers never see any of the messages.
        await transaction.abort().catch(() => undefined);
        throw error;
      }
    },
    disconnect: () => producer.disconnect(),
    get connected() {
      return connected;
    },
  };
}
