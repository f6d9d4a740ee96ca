import { CompressionTypes, Partitioners } from 'kafkajs';
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';

import type { ServiceName } from '@callrecords/contracts';
import type { HealthIndicator, Logger, Registry } from '@callrecords/service-kit';

import { watchPartitionShare } from './assignment-share';
import type { PartitionShare } from './assignment-share';
import { createBatchProcessor } from './batch-processor';
import type { CommitPosition } from './batch-processor';
import { ConsumerMetrics } from './consumer-metrics';
import type { HandleOutcome } from './outcomes';
import type { EventProducer, OutgoingMessage } from './producer';
import { createProducer, groupByTopic } from './producer';
import { TRANSACTION_RETRY } from './transactional-producer';
import { registerZstdCodec } from './zstd-codec';

const SEND_CHUNK = 1_000;
const MIB = 1024 * 1024;

/** A decoded message handed to a handler. `topic`/`partition`/`offset` are where it first arrived. */
export interface ConsumedEvent<E> {
  readonly event: E;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** 1 on the first delivery, 2 on the first retry, … */
  readonly attempt: number;
}

export interface ConsumerRunnerOptions<E> {
  readonly kafka: Kafka;
  readonly service: ServiceName;
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Decodes a value (through @callrecords/contracts); a throw sends the message to the dead-letter topic. */
  readonly decode: (value: Buffer, headers: Readonly<Record<string, string>>) => E;
  /** Returns one outcome per event, in order. A throw is a transient fault: nothing is committed. */
  readonly handle: (events: readonly ConsumedEvent<E>[]) => Promise<readonly HandleOutcome[]>;
  readonly deadLetterTopic: string;
  readonly retryTopic?: string;
  /** Deliveries before a retry-later turns into a dead letter (default 8). */
  readonly maxAttempts?: number;
  /** Produce and commit offsets in one Kafka transaction (exactly once for read_committed readers). */
  readonly transactionalId?: string;
  /**
   * Kafka aborts a transaction left open this long (its producer died): until then, read_committed
   * readers of the partitions it wrote wait (default 60 s).
   */
  readonly transactionTimeoutMs?: number;
  /**
   * Called on every join of the group with this member's id and its partitions by topic; a new
   * member id means the member was out of the group meanwhile (its partitions may have moved).
   */
  readonly onAssignment?: (assignment: GroupAssignment) => void;
  readonly fromBeginning?: boolean;
  readonly partitionsConsumedConcurrently?: number;
  /** Messages handed to the handler at once (default 500); offsets are committed per chunk. */
  readonly maxBatchSize?: number;
  /**
   * Hand the next chunk of a batch to the handler while the previous one is produced and
   * committed (default false). Only for handlers whose work may be redone: a failed commit redoes
   * the chunk handled ahead too. A number is how many chunks are handed ahead (`true` = 1); from
   * 2 on, the handler is called again before its previous call resolved (always in offset order).
   */
  readonly pipelineChunks?: boolean | number;
  /**
   * Called once a chunk's results and offsets are committed (after its transaction), with the
   * committed position (the next offset to read): a handler that keeps state per chunk learns
   * here which chunks are final.
   */
  readonly onCommitted?: (position: CommitPosition) => void;
  /**
   * Bytes fetched per partition at once (kafkajs default 1 MiB): a chunk holds at most one fetch,
   * so large `maxBatchSize`s of small messages need more.
   */
  readonly maxBytesPerPartition?: number;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly now?: () => number;
  /** Told what this member owns after every join (start and rebalance), e.g. to split a budget. */
  readonly onPartitionShare?: (share: PartitionShare) => void;
}

export interface GroupAssignment {
  readonly memberId: string;
  readonly partitions: Readonly<Record<string, readonly number[]>>;
}

export interface RunningConsumer {
  /** Stops fetching, lets the in-flight batch finish and commit, then disconnects. */
  stop(): Promise<void>;
  readonly health: HealthIndicator;
}

/**
 * Runs a consumer group with the outcome contract: the handler decides, the runner produces the
 * results, retries and dead letters, and commits offsets only after all of them are acknowledged.
 */
export async function runConsumer<E>(options: ConsumerRunnerOptions<E>): Promise<RunningConsumer> {
  // Our topics are zstd-compressed (contracts: TOPIC_COMPRESSION): consumers must decode it too.
  registerZstdCodec();
  const consumer = createGroupConsumer(options);
  const membership = trackMembership(consumer, options);
  const committer = createCommitter(consumer);
  const output = createOutput(options, committer.commit);
  const metrics = new ConsumerMetrics(options.metrics, options.groupId);
  const topics = [...options.topics, ...(options.retryTopic ? [options.retryTopic] : [])];
  if (options.onPartitionShare) {
    const { kafka, logger, onPartitionShare: onShare } = options;
    watchPartitionShare({ kafka, consumer, topics, logger, onShare });
  }
  await Promise.all([consumer.connect(), output.connect()]);
  await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: committer.track(
      createBatchProcessor({
        options,
        consumer,
        now: options.now ?? Date.now,
        metrics,
        sendAndCommit: (messages, position) => output.sendAndCommit(messages, position),
      }),
    ),
  });
  const stopLag = metrics.pollLag(options.kafka, topics);
  return {
    async stop() {
      stopLag();
      await consumer.stop();
      await consumer.disconnect();
      await output.disconnect();
    },
    health: {
      name: `kafka-consumer:${options.groupId}`,
      check: () =>
        membership.joined
          ? Promise.resolve()
          : Promise.reject(new Error('not a member of the group')),
    },
  };
}

function createGroupConsumer<E>(options: ConsumerRunnerOptions<E>): Consumer {
  const perPartition = options.maxBytesPerPartition;
  return options.kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    maxWaitTimeInMs: 250,
    ...(perPartition === undefined
      ? {}
      : { maxBytesPerPartition: perPartition, maxBytes: Math.max(10 * MIB, 4 * perPartition) }),
  });
}

function trackMembership<E>(
  consumer: Consumer,
  options: ConsumerRunnerOptions<E>,
): { joined: boolean } {
  const state = { joined: false };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    state.joined = true;
    options.onAssignment?.({
      memberId: payload.memberId,
      partitions: payload.memberAssignment,
    });
  });
  consumer.on(consumer.events.STOP, () => (state.joined = false));
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    state.joined = false;
    // kafkajs restarts the consumer after a retriable crash: only a crash it gives up on is an error.
    const fields = { err: payload.error, groupId: options.groupId, restart: payload.restart };
    if (payload.restart) {
      options.logger.warn(fields, 'consumer crashed; kafkajs restarts it');
    } else {
      options.logger.error(fields, 'consumer crashed');
    }
  });
  return state;
}

interface Output {
  connect(): Promise<void>;
  sendAndCommit(messages: readonly OutgoingMessage[], position: CommitPosition): Promise<void>;
  disconnect(): Promise<void>;
}

type Commit = (position: CommitPosition) => Promise<void>;

/**
 * kafkajs's `consumer.commitOffsets()` is a silent no-op once `stop()` has begun, so the chunk that
 * finishes during a graceful stop would not be committed and would be redone after a restart. The
 * batch payload's `commitOffsetsIfNecessary(offsets)` commits through the group itself, also while
 * stopping (kafkajs leaves the group only after the in-flight batch returns).
 */
function createCommitter(consumer: Consumer): {
  track: (eachBatch: (p: EachBatchPayload) => Promise<void>) => typeof eachBatch;
  commit: Commit;
} {
  // Any batch's payload will do: its commit goes to the one consumer group of this runner.
  let latest: EachBatchPayload | undefined;
  return {
    track: (eachBatch) => (payload) => {
      latest = payload;
      return eachBatch(payload);
    },
    commit: async ({ topic, partition, offset }) => {
      if (!latest) {
        return consumer.commitOffsets([{ topic, partition, offset }]);
      }
      await latest.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset }] }],
      });
    },
  };
}

function createOutput<E>(options: ConsumerRunnerOptions<E>, commit: Commit): Output {
  if (options.transactionalId) {
    const producer = options.kafka.producer({
      // Java-compatible murmur2: the same key lands on the same partition as with Java clients.
      createPartitioner: Partitioners.DefaultPartitioner,
      transactionalId: options.transactionalId,
      ...(options.transactionTimeoutMs === undefined
        ? {}
        : { transactionTimeout: options.transactionTimeoutMs }),
      idempotent: true,
      maxInFlightRequests: 1,
      retry: TRANSACTION_RETRY,
    });
    const commitTogether = groupCommits(producer, options.groupId);
    return {
      connect: () => producer.connect(),
      sendAndCommit: commitTogether,
      disconnect: () => producer.disconnect(),
    };
  }
  const producer: EventProducer = createProducer(options.kafka);
  return {
    connect: () => producer.connect(),
    async sendAndCommit(messages, position) {
      await producer.send(messages);
      await commit(position);
    },
    disconnect: () => producer.disconnect(),
  };
}

interface PendingCommit {
  readonly messages: readonly OutgoingMessage[];
  readonly position: CommitPosition;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One transaction at a time per producer. Chunks that finish while a transaction is in flight
 * (partitions handled concurrently) wait for the next one and are committed together in it, each
 * with its partition's offset: a round of partitions costs one commit, not one per partition, and
 * nothing waits for company (the first chunk starts a transaction at once). All or none: a failed
 * transaction rejects every chunk in it, and each is redone, as its own failure would have been.
 */
function groupCommits(
  producer: Producer,
  groupId: string,
): (messages: readonly OutgoingMessage[], position: CommitPosition) => Promise<void> {
  let pending: PendingCommit[] = [];
  let running = false;
  const drain = async (): Promise<void> => {
    running = true;
    while (pending.length > 0) {
      const group = pending;
      pending = [];
      try {
        await sendInTransaction(producer, {
          messages: group.flatMap((commit) => commit.messages),
          positions: group.map((commit) => commit.position),
          groupId,
        });
        group.forEach((commit) => commit.resolve());
      } catch (error) {
        group.forEach((commit) => commit.reject(error));
      }
    }
    running = false;
  };
  return (messages, position) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ messages, position, resolve, reject });
      if (!running) {
        void drain();
      }
    });
}

// Offsets by topic, the furthest position per partition (a partition commits its chunks in turn,
// so it has one position per transaction; the furthest is the safe choice in any case).
function offsetsByTopic(
  positions: readonly CommitPosition[],
): { topic: string; partitions: { partition: number; offset: string }[] }[] {
  const furthest = new Map<string, CommitPosition>();
  for (const position of positions) {
    const key = `${position.topic}\u0000${position.partition}`;
    const known = furthest.get(key);
    if (!known || BigInt(position.offset) > BigInt(known.offset)) {
      furthest.set(key, position);
    }
  }
  const topics = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, offset } of furthest.values()) {
    topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
  }
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}

async function sendInTransaction(
  producer: Producer,
  work: {
    messages: readonly OutgoingMessage[];
    positions: readonly CommitPosition[];
    groupId: string;
  },
): Promise<void> {
  const transaction = await producer.transaction();
  try {
    // kafkajs groups a send's messages by partition in quadratic time (it copies the list per
    // message): thousands of messages go in sends of a bounded size, all in the one transaction.
    for (let start = 0; start < work.messages.length; start += SEND_CHUNK) {
      await transaction.sendBatch({
        acks: -1,
        compression: CompressionTypes.ZSTD,
        topicMessages: groupByTopic(work.messages.slice(start, start + SEND_CHUNK)),
      });
    }
    await transaction.sendOffsets({
      consumerGroupId: work.groupId,
      topics: offsetsByTopic(work.positions),
    });
    await transaction.commit();
  } catch (error) {
    // Aborted: read_committed readers never see the messages, and the offsets stay where they were.
    await transaction.abort().catch(() => undefined);
    throw error;
  }
}
