import {
  consumerGroup,
  dlqTopic,
  prefixedGroup,
  prefixedTopic,
  retryTopic,
  TOPICS,
} from '@callrecords/contracts';
import type { AnyTopicDefinition, RetentionPolicy } from '@callrecords/contracts';
import { topicSpecs } from '@callrecords/kafka';
import type { TopicSpec } from '@callrecords/kafka';

/** Every topic and group name the fetcher uses, under KAFKA_TOPIC_PREFIX. */
export interface FetcherTopics {
  readonly notifications: string;
  readonly records: string;
  readonly pstnCalls: string;
  readonly directRoutingCalls: string;
  readonly watermarks: string;
  readonly personKeys: string;
  readonly erasures: string;
  /** Erasure requests of the gateway (`erasePerson`), consumed in their own group. */
  readonly erasureRequests: string;
  readonly erasureGroup: string;
  readonly retry: string;
  readonly deadLetter: string;
  readonly group: string;
  /** What the fetcher ensures at boot, idempotently. */
  readonly specs: readonly TopicSpec[];
}

export function fetcherTopics(
  prefix: string,
  replicationFactor: number,
  retention: RetentionPolicy,
): FetcherTopics {
  const definitions: readonly AnyTopicDefinition[] = [
    // Owned by ingestion; ensured here too (same definition) so the fetcher can subscribe first.
    TOPICS.notifications,
    TOPICS.records,
    TOPICS.pstnCalls,
    TOPICS.directRoutingCalls,
    TOPICS.watermarks,
    TOPICS.personKeys,
    TOPICS.erasures,
    // Owned by the gateway; ensured here too so requests produced before the fetcher started wait.
    TOPICS.erasureRequests,
    retryTopic('fetcher'),
    dlqTopic('fetcher'),
  ];
  const name = (topic: { readonly name: string }): string => prefixedTopic(topic, prefix).name;
  return {
    notifications: name(TOPICS.notifications),
    records: name(TOPICS.records),
    pstnCalls: name(TOPICS.pstnCalls),
    directRoutingCalls: name(TOPICS.directRoutingCalls),
    watermarks: name(TOPICS.watermarks),
    personKeys: name(TOPICS.personKeys),
    erasures: name(TOPICS.erasures),
    erasureRequests: name(TOPICS.erasureRequests),
    erasureGroup: `${prefixedGroup(consumerGroup('fetcher'), prefix)}-erasures`,
    retry: name(retryTopic('fetcher')),
    deadLetter: name(dlqTopic('fetcher')),
    group: prefixedGroup(consumerGroup('fetcher'), prefix),
    // The replication factor is only used when a topic is missing (normally provisioned already).
    specs: topicSpecs(definitions, { prefix, replicationFactor, retention }),
  };
}
