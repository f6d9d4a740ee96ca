// Where a record's time goes between the webhook and GraphQL, read from Kafka itself: a
// read_committed tail of the notifications and records topics notes, per call record, the
// envelope's producedAt (ingestion: when the webhook was received; fetcher: when Graph's answer
// was turned into the event) and the moment the tail could read each message (for the records
// topic, the fetcher's transaction committed).
import {
  CallRecordFetchedV1Definition,
  decodeEvent,
  NotificationReceivedV1Definition,
  prefixedTopic,
  TOPICS,
} from '@callrecords/contracts';
import { tailTopic } from '@callrecords/kafka';
import type { Kafka, TopicTail } from '@callrecords/kafka';

/** Milliseconds since the epoch at each step a tail saw, per call record (first version only). */
export interface RecordTimes {
  /** Ingestion received the webhook (the notification's producedAt). */
  notificationProducedAt?: number;
  /** The notification was readable from Kafka. */
  notificationReadAt?: number;
  /** The fetcher built the record event from Graph's answer (its producedAt). */
  recordProducedAt?: number;
  /** The record was readable by read_committed consumers (the fetcher's transaction committed). */
  recordReadAt?: number;
}

export interface PipelineTap {
  readonly times: ReadonlyMap<string, RecordTimes>;
  stop(): Promise<void>;
}

const quiet = { warn: () => undefined };

function entry(times: Map<string, RecordTimes>, id: string): RecordTimes {
  const existing = times.get(id);
  if (existing) {
    return existing;
  }
  const created: RecordTimes = {};
  times.set(id, created);
  return created;
}

/** Tails both topics under `topicPrefix` until `stop()`. */
export async function tapPipeline(kafka: Kafka, topicPrefix: string): Promise<PipelineTap> {
  const times = new Map<string, RecordTimes>();
  const tails: TopicTail[] = [
    await tailTopic({
      kafka,
      topic: prefixedTopic(TOPICS.notifications, topicPrefix).name,
      logger: quiet,
      decode: (value, headers) => decodeEvent(NotificationReceivedV1Definition, value, headers),
      onEvent: (event) => {
        const seen = entry(times, event.payload.callRecordId);
        seen.notificationProducedAt ??= Date.parse(event.producedAt);
        seen.notificationReadAt ??= Date.now();
      },
    }),
    await tailTopic({
      kafka,
      topic: prefixedTopic(TOPICS.records, topicPrefix).name,
      logger: quiet,
      decode: (value, headers) => decodeEvent(CallRecordFetchedV1Definition, value, headers),
      onEvent: (event) => {
        const seen = entry(times, event.payload.callRecord.id);
        seen.recordProducedAt ??= Date.parse(event.producedAt);
        seen.recordReadAt ??= Date.now();
      },
    }),
  ];
  return {
    times,
    stop: async () => {
      await Promise.all(tails.map((tail) => tail.stop()));
    },
  };
}
