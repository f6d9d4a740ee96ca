import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import { createProducer, readPartitions } from '@callrecords/kafka';
import type { EventProducer, Kafka } from '@callrecords/kafka';
import type { RetentionPolicy } from '@callrecords/contracts';
import type { Logger } from '@callrecords/service-kit';

import { expiredKeys, foldLatest } from '../domain/expired-keys';
import type { LatestByKey } from '../domain/expired-keys';
import { FETCHER_RUNTIME } from '../fetcher.constants';
import type { FetcherRuntime } from '../fetcher.constants';

/** What one sweep did, per topic. */
export interface SweepResult {
  readonly topic: string;
  readonly keysRead: number;
  readonly tombstoned: number;
  /** False when a partition could not be read to its end in time (the next sweep goes on). */
  readonly complete: boolean;
}

/**
 * Tombstones every key of the fetcher's topics of calls (records, PSTN and Direct Routing rows)
 * whose latest value is a call past its tenant's retention; compaction then removes its values
 * and a replay finds none (README "Personal data", "Retention per tenant"). One partition at a
 * time, so memory holds the keys of one partition only. Message timestamps are the calls' starts.
 */
export async function sweepTopicRetention(deps: {
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  readonly topics: readonly string[];
  readonly policy: RetentionPolicy;
  readonly nowMs: number;
  readonly logger: Logger;
}): Promise<SweepResult[]> {
  const results: SweepResult[] = [];
  for (const topic of deps.topics) {
    const partitions = await whenRetriable(() => partitionsOf(deps.kafka, topic));
    let keysRead = 0;
    let tombstoned = 0;
    let complete = true;
    for (const partition of partitions) {
      let latest: LatestByKey = new Map();
      const read = await whenRetriable(() => {
        latest = new Map();
        return readPartitions(deps.kafka, topic, {
          partitions: [partition],
          onMessage: (message) =>
            foldLatest(latest, {
              key: message.key?.toString() ?? null,
              timestampMs: Number(message.timestamp),
              tombstone: message.value === null,
            }),
        });
      });
      const expired = expiredKeys(latest, deps.policy, deps.nowMs);
      await deps.producer.send(expired.map((key) => ({ topic, key, value: null })));
      keysRead += latest.size;
      tombstoned += expired.length;
      complete &&= read.complete;
    }
    results.push({ topic, keysRead, tombstoned, complete });
    // Counts and topic names only: keys carry record ids, never a person.
    deps.logger.info({ topic, keysRead, tombstoned, complete }, 'retention sweep of a topic');
  }
  return results;
}

async function partitionsOf(kafka: Kafka, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return (metadata.topics[0]?.partitions ?? []).map((p) => p.partitionId);
  } finally {
    await admin.disconnect();
  }
}

// A leader moving or a topic just created (metadata not everywhere yet): tried again shortly.
async function whenRetriable<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 5 || (error as { retriable?: boolean }).retriable !== true) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}

/**
 * Runs the sweep at start and every FETCHER_RETENTION_SWEEP_MS, when some tenant has a finite
 * retention. One pod is enough (the report poller's, in the chart); two would only send the
 * same tombstones twice.
 */
@Injectable()
export class TopicRetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly producer: EventProducer;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(@Inject(FETCHER_RUNTIME) private readonly runtime: FetcherRuntime) {
    this.producer = createProducer(runtime.kafka, { metrics: runtime.registry });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.producer.connect();
    const every = this.runtime.config.FETCHER_RETENTION_SWEEP_MS;
    this.timer = setInterval(() => this.schedule(), every).unref();
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.producer.disconnect();
  }

  /** One sweep of every topic of calls, after the one in progress. */
  sweep(): Promise<SweepResult[]> {
    const { runtime } = this;
    const next = this.running.then(() =>
      sweepTopicRetention({
        kafka: runtime.kafka,
        producer: this.producer,
        topics: [
          runtime.topics.records,
          runtime.topics.pstnCalls,
          runtime.topics.directRoutingCalls,
        ],
        policy: runtime.config.PRIVACY_RETENTION_DAYS,
        nowMs: runtime.clock.now(),
        logger: runtime.logger,
      }),
    );
    this.running = next.catch(() => undefined);
    return next;
  }

  private schedule(): void {
    // A failed sweep is retried by the next one; it is an operational warning, not data loss.
    this.sweep().catch((error: unknown) =>
      this.runtime.logger.warn({ err: error }, 'retention sweep failed; the next one retries'),
    );
  }
}
