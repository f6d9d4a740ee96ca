import { randomUUID } from 'node:crypto';

import type { IHeaders, Kafka } from 'kafkajs';

import { registerZstdCodec } from './zstd-codec';

/** Minimal logger shape (pino-compatible) so this lib does not depend on service-kit. */
interface TailLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface TailTopicOptions<T> {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Turns a record into an event; a throw skips (and logs) the record without stopping the tail. */
  readonly decode: (value: Buffer | null, headers: IHeaders) => T;
  readonly onEvent: (event: T) => void;
  readonly logger: TailLogger;
  /** Throw-away group id (default `tail-<uuid>`): offsets are never committed. */
  readonly groupId?: string;
}

export interface TopicTail {
  /** Resolves once every record up to the high watermarks seen at start has been handed over. */
  readonly caughtUp: Promise<void>;
  isCaughtUp(): boolean;
  stop(): Promise<void>;
}

/** Retries kafkajs' retriable errors a few times (a topic created a moment ago: NOT_LEADER). */
export async function retryRetriable<T>(work: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || attempt >= attempts) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function highWatermarks(kafka: Kafka, topic: string): Promise<Map<number, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await retryRetriable(() => admin.fetchTopicOffsets(topic));
    const pending = new Map<number, number>();
    for (const { partition, high, low } of offsets) {
      if (Number(high) > Number(low)) {
        pending.set(partition, Number(high));
      }
    }
    return pending;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads every partition of `topic` from the beginning and keeps following it (each caller gets
 * every record: the group is private and never commits). For replicas folding a compacted state
 * topic: serve once `caughtUp` resolved.
 */
export async function tailTopic<T>(options: TailTopicOptions<T>): Promise<TopicTail> {
  registerZstdCodec();
  const { kafka, topic, logger } = options;
  const pending = await highWatermarks(kafka, topic);
  let done = false;
  let resolve: () => void = () => undefined;
  const caughtUp = new Promise<void>((r) => (resolve = r));
  const check = (): void => {
    if (pending.size === 0 && !done) {
      done = true;
      resolve();
    }
  };
  check();
  const consumer = kafka.consumer({
    groupId: options.groupId ?? `tail-${randomUUID()}`,
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: ({ partition, message }) => {
      let event: T | undefined;
      try {
        event = options.decode(message.value, message.headers ?? {});
      } catch (error) {
        logger.warn({ err: error, topic, partition }, 'undecodable record skipped');
      }
      if (event !== undefined) {
        options.onEvent(event);
      }
      const target = pending.get(partition);
      if (target !== undefined && Number(message.offset) + 1 >= target) {
        pending.delete(partition);
        check();
      }
      return Promise.resolve();
    },
  });
  return { caughtUp, isCaughtUp: () => done, stop: () => consumer.disconnect() };
}
