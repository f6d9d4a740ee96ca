import {
  CallRecordFetchedV1Definition,
  consumerGroup,
  decodeEvent,
  DirectRoutingCallRowV1Definition,
  dlqTopic,
  prefixedGroup,
  prefixedTopic,
  PstnCallRowV1Definition,
  retryTopic,
  TOPICS,
} from '@callrecords/contracts';
import type { AnyTopicDefinition, RetentionPolicy } from '@callrecords/contracts';
import { topicSpecs } from '@callrecords/kafka';
import type { TopicSpec } from '@callrecords/kafka';

import type { IndexedEvent } from '../domain/index-writes';

/** The topics and group of the indexer under a KAFKA_TOPIC_PREFIX. */
export interface IndexerTopics {
  readonly inputs: readonly string[];
  readonly deadLetter: string;
  /** Read whole (not in the group) to open sealed personal values. */
  readonly personKeys: string;
  /** Erasure requests, applied to the stored documents. */
  readonly erasures: string;
  readonly group: string;
  /** Every topic the indexer needs to exist, as ensureTopics specs. */
  readonly specs: (replicationFactor: number, retention: RetentionPolicy) => TopicSpec[];
}

export function indexerTopics(prefix: string): IndexerTopics {
  const inputs: AnyTopicDefinition[] = [
    TOPICS.records,
    TOPICS.pstnCalls,
    TOPICS.directRoutingCalls,
  ];
  return {
    inputs: inputs.map((topic) => prefixedTopic(topic, prefix).name),
    deadLetter: prefixedTopic(dlqTopic('indexer'), prefix).name,
    personKeys: prefixedTopic(TOPICS.personKeys, prefix).name,
    erasures: prefixedTopic(TOPICS.erasures, prefix).name,
    group: prefixedGroup(consumerGroup('indexer'), prefix),
    specs: (replicationFactor, retention) =>
      topicSpecs(
        [...inputs, TOPICS.personKeys, TOPICS.erasures, dlqTopic('indexer'), retryTopic('indexer')],
        { prefix, replicationFactor, retention },
      ),
  };
}

const DECODERS = [
  CallRecordFetchedV1Definition,
  PstnCallRowV1Definition,
  DirectRoutingCallRowV1Definition,
] as const;

/** Decodes any event the indexer consumes (throws EventDecodeError: the runner dead-letters it). */
export function decodeIndexedEvent(
  value: Buffer,
  headers: Readonly<Record<string, string>>,
): IndexedEvent {
  return decodeEvent(DECODERS, value, headers);
}
