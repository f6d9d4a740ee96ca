import { randomUUID } from 'node:crypto';

import type { Kafka } from 'kafkajs';

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
  registerZstdCodec();
  const ends = await endOffsets(kafka, topic);
  const latest = new Map<string, KeyedValue>();
  const pending = new Set([...ends.entries()].filter(([, end]) => end.gap).map(([p]) => p));
  if (pending.size === 0) {
    return latest;
  }
  // A throw-away group: kafkajs reads only through groups; nothing is ever committed in it.
  const consumer = kafka.consumer({
    groupId: `snapshot-${randomUUID()}`,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    // The idle clock starts once the group is joined: joining alone can take seconds.
    let progressAt = Number.POSITIVE_INFINITY;
    consumer.on(consumer.events.GROUP_JOIN, () => (progressAt = performance.now()));
    await consumer.run({
      autoCommit: false,
      eachBatch: ({ batch }) => {
        for (const message of batch.messages) {
          applyMessage(latest, message);
        }
        progressAt = performance.now();
        // The last offset counts control records (commit markers), which are never handed over.
        if (BigInt(batch.lastOffset()) + 1n >= (ends.get(batch.partition)?.high ?? 0n)) {
          pending.delete(batch.partition);
        }
        return Promise.resolve();
      },
    });
    await waitUntil(
      () => pending.size === 0,
      () => progressAt,
      options.idleTimeoutMs ?? 5_000,
    );
  } finally {
    await consumer.disconnect();
  }
  return latest;
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
  idleTimeoutMs: number,
): Promise<void> {
  const giveUpAt = performance.now() + 60_000;
  const idle = (): boolean => performance.now() - lastProgressAt() >= idleTimeoutMs;
  while (!done() && !idle() && performance.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
