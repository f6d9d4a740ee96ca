import { prefixedTopic, topicConfig } from '@callrecords/contracts';
import type { AnyTopicDefinition, RetentionPolicy } from '@callrecords/contracts';

import type { TopicSpec } from './admin';

export interface TopicSpecOptions {
  /** KAFKA_TOPIC_PREFIX. */
  readonly prefix: string;
  /** -1 (the default) lets the broker apply its default.replication.factor. */
  readonly replicationFactor?: number;
  /** PRIVACY_RETENTION_DAYS: bounds the retention of topics holding calls and their copies. */
  readonly retention: RetentionPolicy;
}

/**
 * What `ensureTopics` needs for contract topics under a name prefix: partitions and configs come only
 * from `libs/contracts`, so every service that ensures a topic ensures the same one.
 */
export function topicSpecs(
  topics: readonly AnyTopicDefinition[],
  options: TopicSpecOptions,
): TopicSpec[] {
  return topics.map((topic) => ({
    name: prefixedTopic(topic, options.prefix).name,
    partitions: topic.partitions,
    replicationFactor: options.replicationFactor ?? -1,
    configs: topicConfig(topic, options.retention),
  }));
}
