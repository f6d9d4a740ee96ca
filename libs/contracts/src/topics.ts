import type { AnyEventDefinition, EventEnvelope } from './envelope';
import { AlertRaisedV1Definition } from './events/alert-raised.v1';
import type { AlertRaisedV1 } from './events/alert-raised.v1';
import { CallRecordFetchedV1Definition } from './events/call-record-fetched.v1';
import type { CallRecordFetchedV1 } from './events/call-record-fetched.v1';
import { DirectRoutingCallRowV1Definition } from './events/direct-routing-call-row.v1';
import type { DirectRoutingCallRowV1 } from './events/direct-routing-call-row.v1';
import { NotificationReceivedV1Definition } from './events/notification-received.v1';
import type { NotificationReceivedV1 } from './events/notification-received.v1';
import { ProcessingFailedV1Definition } from './events/processing-failed.v1';
import type { ProcessingFailedV1 } from './events/processing-failed.v1';
import { PersonErasedV1Definition } from './events/person-erased.v1';
import type { PersonErasedV1 } from './events/person-erased.v1';
import { PersonErasureRequestedV1Definition } from './events/person-erasure-requested.v1';
import type { PersonErasureRequestedV1 } from './events/person-erasure-requested.v1';
import { PersonKeyV1Definition } from './events/person-key.v1';
import type { PersonKeyV1 } from './events/person-key.v1';
import { PstnCallRowV1Definition } from './events/pstn-call-row.v1';
import type { PstnCallRowV1 } from './events/pstn-call-row.v1';
import { ReportWatermarkV1Definition } from './events/report-watermark.v1';
import type { ReportWatermarkV1 } from './events/report-watermark.v1';
import { SubscriptionLifecycleV1Definition } from './events/subscription-lifecycle.v1';
import type { SubscriptionLifecycleV1 } from './events/subscription-lifecycle.v1';
import { longestRetentionDays, shortestRetentionDays, KEEP_FOREVER } from './retention';
import type { RetentionPolicy } from './retention';
import { SERVICES } from './services';
import type { ServiceName } from './services';

const KIB = 1024;
const MIB = 1024 * KIB;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** `delete`: kept for `retentionMs`. `compact`: the latest value per key is kept until replaced. */
export type CleanupPolicy = 'delete' | 'compact';

/** One Kafka topic of the pipeline: what it carries, who writes it, how it is keyed and kept. */
export interface TopicDefinition<E = EventEnvelope> {
  readonly name: string;
  readonly description: string;
  /** The only service that writes it (STYLE.md §2.3); the provisioner creates it. */
  readonly owner: ServiceName;
  /** Services reading it in their consumer group (they get retry and DLQ topics). */
  readonly consumers: readonly ServiceName[];
  readonly events: readonly AnyEventDefinition[];
  /** The Kafka key of an event: `<tenantId>:<graphId>`, so one entity stays in one partition. */
  readonly key: (event: E) => string;
  /** Default count; the chart may raise it (Kafka cannot lower it). */
  readonly partitions: number;
  readonly cleanupPolicy: CleanupPolicy;
  /** Time-based retention; -1 on compacted topics (values live until a newer one replaces them). */
  readonly retentionMs: number;
  /** Largest record batch the broker accepts, after compression. */
  readonly maxMessageBytes: number;
  /**
   * How `PRIVACY_RETENTION_DAYS` bounds the topic (README "Personal data"). `calls`: its messages
   * are dated by the call's start; compacted and also deleted once older than the longest tenant
   * retention. `copies`: it holds copies of such messages (retries, dead letters, alerts); kept no
   * longer than the shortest tenant retention. Absent: no personal data.
   */
  readonly privacyRetention?: 'calls' | 'copies';
}

/** Any topic; `never` lets topics with differently typed key functions share one list. */
export type AnyTopicDefinition = TopicDefinition<never>;

/** The Kafka key of a Graph entity (STYLE.md §2.5, "Names"). */
export function graphKey(tenantId: string, graphId: string): string {
  return `${tenantId}:${graphId}`;
}

/** The Kafka key of a person key: `<tenantId>:<pseudonym>:<kid>` (one record per key, not per person). */
export function personKeyRecordKey(tenantId: string, pseudonym: string, kid: string): string {
  return `${tenantId}:${pseudonym}:${kid}`;
}

/** The tenant of a `<tenantId>:<graphId>` key, if the key has that shape. */
export function tenantIdFromKey(key: string | null | undefined): string | undefined {
  const tenantId = key?.split(':', 1)[0];
  return tenantId === undefined || tenantId === key ? undefined : tenantId;
}

// Kafka's default max.message.bytes (1 MiB) is plenty for everything but whole call records.
const DEFAULT_MAX_MESSAGE_BYTES = 1 * MIB;
// A 2,000-session meeting is ~6.4 MB of JSON and ~0.7 MB after zstd (libs/testing builders.spec.ts):
// 8 MiB leaves ~10x headroom for video-heavy or multi-segment sessions, and fits it uncompressed.
const RECORD_MAX_MESSAGE_BYTES = 8 * MIB;

export const TOPICS = {
  notifications: {
    name: 'callrecords.notifications.v1',
    description: 'Call records to fetch, from webhooks and backfill.',
    owner: 'ingestion',
    consumers: ['fetcher'],
    events: [NotificationReceivedV1Definition],
    key: (e: NotificationReceivedV1) => graphKey(e.tenantId, e.payload.callRecordId),
    partitions: 12,
    cleanupPolicy: 'delete',
    // A week covers a long fetcher outage; beyond that, backfill (30 days in Graph) recovers.
    retentionMs: 7 * DAY_MS,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
  records: {
    name: 'callrecords.records.v1',
    description: 'The latest fetched version of every call record; the source for re-indexing.',
    owner: 'fetcher',
    consumers: ['indexer', 'aggregator'],
    events: [CallRecordFetchedV1Definition],
    key: (e: CallRecordFetchedV1) => graphKey(e.tenantId, e.payload.callRecord.id),
    partitions: 12,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: RECORD_MAX_MESSAGE_BYTES,
    privacyRetention: 'calls',
  },
  pstnCalls: {
    name: 'callrecords.pstn-calls.v1',
    description: 'getPstnCalls rows, one per row id.',
    owner: 'fetcher',
    consumers: ['indexer', 'aggregator'],
    events: [PstnCallRowV1Definition],
    key: (e: PstnCallRowV1) => graphKey(e.tenantId, e.payload.row.id),
    partitions: 6,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    privacyRetention: 'calls',
  },
  directRoutingCalls: {
    name: 'callrecords.direct-routing-calls.v1',
    description: 'getDirectRoutingCalls rows, one per row id.',
    owner: 'fetcher',
    consumers: ['indexer', 'aggregator'],
    events: [DirectRoutingCallRowV1Definition],
    key: (e: DirectRoutingCallRowV1) => graphKey(e.tenantId, e.payload.row.id),
    partitions: 6,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    privacyRetention: 'calls',
  },
  subscriptions: {
    name: 'callrecords.subscriptions.v1',
    description: 'The latest state of every Graph subscription (no clientState, only its hash).',
    owner: 'ingestion',
    consumers: ['ingestion'],
    events: [SubscriptionLifecycleV1Definition],
    key: (e: SubscriptionLifecycleV1) => graphKey(e.tenantId, e.payload.subscriptionId),
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
  watermarks: {
    name: 'callrecords.watermarks.v1',
    description: 'Per tenant and report, the end of the last fully polled window.',
    owner: 'fetcher',
    consumers: ['fetcher'],
    events: [ReportWatermarkV1Definition],
    key: (e: ReportWatermarkV1) => graphKey(e.tenantId, e.payload.reportKind),
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
  alerts: {
    name: 'callrecords.alerts.v1',
    description: 'Alerts raised by the aggregator rules.',
    owner: 'aggregator',
    consumers: [],
    events: [AlertRaisedV1Definition],
    key: (e: AlertRaisedV1) => graphKey(e.tenantId, e.payload.rule),
    partitions: 3,
    cleanupPolicy: 'delete',
    retentionMs: 30 * DAY_MS,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    privacyRetention: 'copies',
  },
  aggregatorContributions: {
    name: 'callrecords.aggregator-contributions.v1',
    description:
      "The aggregator's state changelog: each source record's last contribution to the rollups, in the partition of its source record (not events; read back only by the aggregator).",
    owner: 'aggregator',
    consumers: [],
    events: [],
    key: (entry: { readonly key: string }) => entry.key,
    // At least as many as any topic the aggregator consumes: source partition p → partition p.
    partitions: 12,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
    privacyRetention: 'calls',
  },
  personKeys: {
    name: 'callrecords.person-keys.v1',
    description:
      'One key per person of a tenant for the sealed personal values of records and rows (crypto-shredding); erasure tombstones it. Read whole by the services that decrypt.',
    owner: 'fetcher',
    consumers: [],
    events: [PersonKeyV1Definition],
    key: (e: PersonKeyV1) => personKeyRecordKey(e.tenantId, e.payload.pseudonym, e.payload.kid),
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
  erasures: {
    name: 'callrecords.erasures.v1',
    description:
      'The audit trail of erasure requests (who, when, which pseudonym); read by the indexer to rewrite stored documents.',
    owner: 'fetcher',
    consumers: [],
    events: [PersonErasedV1Definition],
    key: (e: PersonErasedV1) => graphKey(e.tenantId, e.payload.pseudonym),
    partitions: 3,
    cleanupPolicy: 'delete',
    // An audit trail: kept until an operator decides otherwise (it names no person in clear).
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
  erasureRequests: {
    name: 'callrecords.erasure-requests.v1',
    description:
      'Erasure requests accepted by the gateway (erasePerson), executed by the fetcher (which holds the secrets). They name the person in clear, so the fetcher tombstones each request in the transaction that executes it (the one message it writes here): compaction then removes the identifier, and a request waits as long as the fetcher is away.',
    owner: 'gateway',
    consumers: ['fetcher'],
    events: [PersonErasureRequestedV1Definition],
    key: (e: PersonErasureRequestedV1) => graphKey(e.tenantId, e.payload.requestId),
    partitions: 3,
    cleanupPolicy: 'compact',
    retentionMs: -1,
    maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
  },
} as const satisfies Record<string, AnyTopicDefinition>;

export type TopicId = keyof typeof TOPICS;

const FIXED_TOPICS: readonly AnyTopicDefinition[] = Object.values(TOPICS);

function consumedBy(service: ServiceName): AnyTopicDefinition[] {
  return FIXED_TOPICS.filter((topic) => topic.consumers.includes(service));
}

/** The topic that carries events of `type`, among those a service consumes. */
function sourceTopic(service: ServiceName, type: string): AnyTopicDefinition {
  const topic = consumedBy(service).find((t) => t.events.some((d) => d.type === type));
  if (topic === undefined) {
    throw new Error(`${service} consumes no topic carrying ${type}`);
  }
  return topic;
}

/** `callrecords.<service>.retry.v1`: a consumer's delayed retries, re-published unchanged. */
export function retryTopic(service: ServiceName): TopicDefinition {
  const sources = consumedBy(service);
  return {
    name: `callrecords.${service}.retry.v1`,
    description: `Messages ${service} will try again later, with the original key and value.`,
    owner: service,
    consumers: [service],
    events: sources.flatMap((t) => t.events),
    key: (event) => (sourceTopic(service, event.type).key as (e: EventEnvelope) => string)(event),
    partitions: 6,
    cleanupPolicy: 'delete',
    retentionMs: 7 * DAY_MS,
    maxMessageBytes: Math.max(DEFAULT_MAX_MESSAGE_BYTES, ...sources.map((t) => t.maxMessageBytes)),
    privacyRetention: 'copies',
  };
}

/** `callrecords.<service>.dlq.v1`: what a consumer gave up on, as ProcessingFailedV1. */
export function dlqTopic(service: ServiceName): TopicDefinition<ProcessingFailedV1> {
  const sources = consumedBy(service);
  const largest = Math.max(DEFAULT_MAX_MESSAGE_BYTES, ...sources.map((t) => t.maxMessageBytes));
  return {
    name: `callrecords.${service}.dlq.v1`,
    description: `Messages ${service} gave up on, with the original bytes for replay.`,
    owner: service,
    consumers: [],
    events: [ProcessingFailedV1Definition],
    key: (e) => e.payload.originalKey ?? graphKey(e.tenantId, e.payload.originalTopic),
    partitions: 3,
    cleanupPolicy: 'delete',
    // A month for an operator to look, fix and replay (Graph keeps records 30 days too).
    retentionMs: 30 * DAY_MS,
    // Base64 makes the value 4/3 larger; after zstd it stays under 1.5x of the original batch.
    maxMessageBytes: Math.ceil(largest * 1.5),
    privacyRetention: 'copies',
  };
}

/** Services that consume in a consumer group, hence own a retry and a DLQ topic. */
export const CONSUMING_SERVICES: readonly ServiceName[] = SERVICES.filter(
  (service) => consumedBy(service).length > 0,
);

/** Every topic the provisioner creates: the fixed ones, then retry and DLQ per consuming service. */
export function allTopics(): AnyTopicDefinition[] {
  return [
    ...FIXED_TOPICS,
    ...CONSUMING_SERVICES.flatMap((service) => [retryTopic(service), dlqTopic(service)]),
  ];
}

/** Record-batch compression our producers use and the broker keeps (README: serialization). */
export const TOPIC_COMPRESSION = 'zstd';

/** The Kafka topic configs of a topic, as the provisioner applies them. */
export function topicConfig(
  topic: Pick<
    AnyTopicDefinition,
    'cleanupPolicy' | 'retentionMs' | 'maxMessageBytes' | 'privacyRetention'
  >,
  retention: RetentionPolicy = KEEP_FOREVER,
): Record<string, string> {
  const compacted: Record<string, string> =
    topic.cleanupPolicy === 'compact'
      ? {
          // Recent values stay readable uncompacted for an hour: cheaper compaction, easier debugging.
          'min.compaction.lag.ms': String(HOUR_MS),
          // Tombstones stay a day so that a consumer catching up still sees the delete.
          'delete.retention.ms': String(DAY_MS),
        }
      : {};
  return {
    'cleanup.policy': topic.cleanupPolicy,
    'retention.ms': String(topic.retentionMs),
    'compression.type': TOPIC_COMPRESSION,
    'max.message.bytes': String(topic.maxMessageBytes),
    ...compacted,
    ...privacyRetentionConfig(topic, retention),
  };
}

// README "Personal data", "Retention per tenant". A topic of calls keeps a message no longer than
// the longest tenant retention after its timestamp (the call's start, set by the fetcher): whole
// segments are deleted, rolled daily so that they go within a day. Copies (retries, dead letters,
// alerts) are kept no longer than the shortest tenant retention.
function privacyRetentionConfig(
  topic: Pick<AnyTopicDefinition, 'cleanupPolicy' | 'retentionMs' | 'privacyRetention'>,
  retention: RetentionPolicy,
): Record<string, string> {
  if (topic.privacyRetention === 'calls') {
    const longest = longestRetentionDays(retention);
    return longest === 0
      ? {}
      : {
          'cleanup.policy': topic.cleanupPolicy === 'compact' ? 'compact,delete' : 'delete',
          'retention.ms': String(longest * DAY_MS),
          'segment.ms': String(DAY_MS),
        };
  }
  if (topic.privacyRetention === 'copies') {
    const shortest = shortestRetentionDays(retention) * DAY_MS;
    return shortest === 0 || (topic.retentionMs > 0 && topic.retentionMs <= shortest)
      ? {}
      : { 'retention.ms': String(shortest) };
  }
  return {};
}

/**
 * The topic under a name prefix (KAFKA_TOPIC_PREFIX): the same definition, another name. Every
 * service resolves its topics through this, so a test run or a second deployment on a shared cluster
 * never reads another's events.
 */
export function prefixedTopic<T extends { readonly name: string }>(topic: T, prefix: string): T {
  return prefix === '' ? topic : { ...topic, name: `${prefix}${topic.name}` };
}

/** The consumer group of a service under the same prefix as its topics. */
export function prefixedGroup(group: string, prefix: string): string {
  return `${prefix}${group}`;
}
