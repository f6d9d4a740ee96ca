import { randomUUID } from 'node:crypto';

import type { Consumer, Kafka } from 'kafkajs';

import { registerZstdCodec } from './zstd-codec';

/** The latest committed value of each key of a (compacted) topic. */
export interface KeyedValue {
  readonly key: string;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

export interface SnapshotOptions {
  /** Give up waiting for the end of the topic after this long without progress (default 5 s). */
  readonly idleTimeoutMs?: number;
  /** Give up after this long in all (default 60 s). */
  readonly maxWaitMs?: number;
}

/** A message read back by readPartitions (tombstone: `value` null). */
export interface ReadMessage {
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Record<string, unknown>;
  /** The message timestamp, epoch ms as a decimal string (kafkajs' form). */
  readonly timestamp: string;
}

export interface ReadPartitionsOptions extends SnapshotOptions {
  /** The partitions to read (default: all); the others are paused once the reader joins. */
  readonly partitions?: readonly number[];
  /** Called for every committed message of those partitions, in offset order per partition. */
  readonly onMessage: (message: ReadMessage) => void;
}

/**
 * Reads a topic from the beginning to its current end as a read_committed reader and returns the
 * last value of each key (tombstones remove the key). For state kept in compacted topics, such as
 * watermarks: call it after fencing the topic's writer, so no transaction is left open.
 */
export async function readTopicSnapshot(
  kafka: Kafka,
  topic: string,
  options: SnapshotOptions = {},
): Promise<Map<string, KeyedValue>> {
  const latest = new Map<string, KeyedValue>();
  await readPartitions(kafka, topic, {
    ...options,
    onMessage: (message) => applyMessage(latest, message),
  });
  return latest;
}

/**
 * Streams every committed message of some partitions of a topic, from the beginning to the end
 * they had when the call started (read_committed), to `onMessage`: a state store restored from
 * its changelog without holding the changelog in memory.
 */
export async function readPartitions(
  kafka: Kafka,
  topic: string,
  options: ReadPartitionsOptions,
): Promise<{ readonly complete: boolean }> {
  registerZstdCodec();
  const ends = await endOffsets(kafka, topic);
  const wanted = new Set(options.partitions ?? ends.keys());
  const pending = new Set(
    [...ends.entries()].filter(([p, end]) => end.gap && wanted.has(p)).map(([p]) => p),
  );
  if (pending.size === 0) {
    return { complete: true };
  }
  await readUntilEnds(kafka, topic, { ...options, ends, wanted, pending });
  return { complete: pending.size === 0 };
}

/** Runs a throw-away reader over the topic until every pending partition reached its end. */
async function readUntilEnds(
  kafka: Kafka,
  topic: string,
  read: ReadPartitionsOptions & {
    readonly ends: ReadonlyMap<number, { high: bigint }>;
    readonly wanted: ReadonlySet<number>;
    readonly pending: Set<number>;
  },
): Promise<void> {
  const { wanted, pending } = read;
  // A throw-away group: kafkajs reads only through groups; nothing is ever committed in it.
  const consumer = kafka.consumer({
    groupId: `snapshot-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const progress = trackProgress(consumer, topic, read);
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        if (wanted.has(batch.partition)) {
          for (const message of batch.messages) {
            read.onMessage({ ...message, partition: batch.partition });
          }
        }
        progress.reached(batch.partition, batch.lastOffset());
        return Promise.resolve();
      },
    });
    await waitUntil(() => pending.size === 0, progress.at, {
      idleTimeoutMs: read.idleTimeoutMs ?? 5_000,
      maxWaitMs: read.maxWaitMs ?? 60_000,
    });
  } finally {
    await consumer.disconnect();
  }
}

/** When the reader last progressed; a partition leaves `pending` once read to its end. */
function trackProgress(
  consumer: Consumer,
  topic: string,
  read: {
    readonly ends: ReadonlyMap<number, { high: bigint }>;
    readonly wanted: ReadonlySet<number>;
    readonly pending: Set<number>;
  },
): { reached: (partition: number, lastOffset: string) => void; at: () => number } {
  const { ends, wanted, pending } = read;
  // The idle clock starts once the group is joined: joining alone can take seconds.
  let progressAt = Number.POSITIVE_INFINITY;
  const reached = (partition: number, lastOffset: string): void => {
    progressAt = performance.now();
    // The last offset counts control records (commit markers), which are never handed over.
    if (BigInt(lastOffset) + 1n >= (ends.get(partition)?.high ?? 0n)) {
      pending.delete(partition);
    }
  };
  // kafkajs reports a fetch of commit markers only (no message to hand over) as a batch event.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) =>
    reached(payload.partition, payload.lastOffset),
  );
  consumer.on(consumer.events.GROUP_JOIN, () => {
    progressAt = performance.now();
    const others = [...ends.keys()].filter((p) => !wanted.has(p));
    if (others.length > 0) {
      consumer.pause([{ topic, partitions: others }]);
    }
  });
  return { reached, at: () => progressAt };
}

async function endOffsets(
  kafka: Kafka,
  topic: string,
): Promise<Map<number, { high: bigint; gap: boolean }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(
      offsets.map((o) => [
        o.partition,
        { high: BigInt(o.high), gap: BigInt(o.high) > BigInt(o.low) },
      ]),
    );
  } finally {
    await admin.disconnect();
  }
}

function applyMessage(
  latest: Map<string, KeyedValue>,
  message: { key: Buffer | null; value: Buffer | null; headers?: Record<string, unknown> },
): void {
  if (!message.key) {
    return;
  }
  const key = message.key.toString();
  if (!message.value) {
    latest.delete(key);
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) {
      const first: unknown = Array.isArray(value) ? value[0] : value;
      headers[name] = Buffer.isBuffer(first) ? first.toString() : String(first);
    }
  }
  latest.set(key, { key, value: message.value, headers });
}

// Done when every partition reached its end; a partition whose last record is a commit marker
// fetched alone is never handed over, so a quiet period without progress also ends the read.
async function waitUntil(
  done: () => boolean,
  lastProgressAt: () => number,
  limits: { readonly idleTimeoutMs: number; readonly maxWaitMs: number },
): Promise<void> {
  const { idleTimeoutMs } = limits;
  const giveUpAt = performance.now() + limits.maxWaitMs;
  const idle = (): boolean => performance.now() - lastProgressAt() >= idleTimeoutMs;
  while (!done() && !idle() && performance.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
