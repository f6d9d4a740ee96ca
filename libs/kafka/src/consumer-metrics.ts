import type { Batch, Kafka } from 'kafkajs';

import { Counter, Gauge, Histogram } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

import type { OutcomeKind } from './outcomes';

// Metric objects are registered once per registry; several runners in one process share them.
const perRegistry = new WeakMap<Registry, ReturnType<typeof createMetrics>>();

function createMetrics(registry: Registry) {
  return {
    outcomes: new Counter({
      name: 'callrecords_kafka_consumed_messages_total',
      help: 'Consumed messages by outcome (done, retry-later, dead-letter, skip)',
      labelNames: ['group', 'topic', 'outcome'],
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'callrecords_kafka_batch_duration_seconds',
      help: 'Time from a batch handed to the handler to its offsets committed',
      labelNames: ['group', 'topic'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    eventAge: new Histogram({
      name: 'callrecords_kafka_event_age_seconds',
      help: 'Time from a message produced (its Kafka timestamp) to its offsets committed after handling: how fresh this stage keeps its output',
      labelNames: ['group', 'topic'],
      buckets: [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    lag: new Gauge({
      name: 'callrecords_kafka_consumer_lag',
      help: 'Messages between the committed offset and the end of the partition',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
    }),
  };
}

/** The consumer runner's Prometheus series: outcomes, batch latency, event age and lag per partition. */
export class ConsumerMetrics {
  private readonly series: ReturnType<typeof createMetrics>;

  constructor(
    registry: Registry,
    private readonly group: string,
  ) {
    const existing = perRegistry.get(registry);
    this.series = existing ?? createMetrics(registry);
    perRegistry.set(registry, this.series);
  }

  recordBatch(
    batch: Batch,
    result: {
      counts: Readonly<Record<OutcomeKind, number>>;
      elapsedMs: number;
      nextOffset: string;
      /** Kafka timestamps (ms) of the committed messages. */
      producedAtMs?: readonly number[];
    },
  ): void {
    const { counts, elapsedMs, nextOffset } = result;
    const labels = { group: this.group, topic: batch.topic };
    for (const [outcome, count] of Object.entries(counts)) {
      if (count > 0) {
        this.series.outcomes.inc({ ...labels, outcome }, count);
      }
    }
    this.series.batchSeconds.observe(labels, elapsedMs / 1000);
    const committedAt = Date.now();
    for (const producedAt of result.producedAtMs ?? []) {
      if (Number.isFinite(producedAt)) {
        this.series.eventAge.observe(labels, Math.max(0, committedAt - producedAt) / 1000);
      }
    }
    const lag = BigInt(batch.highWatermark) - BigInt(nextOffset);
    this.series.lag.set(
      { ...labels, partition: String(batch.partition) },
      Number(lag > 0n ? lag : 0n),
    );
  }

  /** Polls committed offsets against partition ends, so idle or stuck partitions report lag too. */
  pollLag(kafka: Kafka, topics: readonly string[], intervalMs = 15_000): () => void {
    const admin = kafka.admin();
    let connected = false;
    const poll = async (): Promise<void> => {
      if (!connected) {
        await admin.connect();
        connected = true;
      }
      for (const topic of topics) {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId: this.group, topics: [topic] }),
        ]);
        const byPartition = new Map(
          committed[0]?.partitions.map((p) => [p.partition, p.offset]) ?? [],
        );
        for (const end of ends) {
          const done = byPartition.get(end.partition) ?? '-1';
          const lag = BigInt(end.high) - (done === '-1' ? BigInt(end.low) : BigInt(done));
          this.series.lag.set(
            { group: this.group, topic, partition: String(end.partition) },
            Number(lag > 0n ? lag : 0n),
          );
        }
      }
    };
    const timer = setInterval(() => {
      // Lag is best effort: a failed poll leaves the last values and is tried again next interval.
      void poll().catch(() => undefined);
    }, intervalMs);
    timer.unref();
    return () => {
      clearInterval(timer);
      if (connected) {
        void admin.disconnect();
      }
    };
  }
}
