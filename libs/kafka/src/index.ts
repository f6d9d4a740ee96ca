export { ensureTopics } from './admin';
export type { CommitPosition } from './batch-processor';
export type { PartitionShare } from './assignment-share';
export type { TopicChange, TopicSpec } from './admin';
export { createKafkaClient } from './client';
export type { KafkaClientOptions } from './client';
export { kafkaConfigSchema } from './config';
export type { KafkaConfig, KafkaConnectionConfig } from './config';
export { runConsumer } from './consumer-runner';
export type {
  ConsumedEvent,
  ConsumerRunnerOptions,
  GroupAssignment,
  RunningConsumer,
} from './consumer-runner';
export { toClassifiedError } from './errors';
export { createPersonKeyTable, openSealedValues } from './person-key-table';
export type { PersonKeyEntry, PersonKeyTable, PersonKeyTableOptions } from './person-key-table';
export { producerHealthIndicator } from './health';
export type { HandleOutcome, OutcomeKind } from './outcomes';
export { createProducer } from './producer';
export type { EventProducer, OutgoingMessage, ProducerOptions } from './producer';
export { RETRY_HEADERS } from './retry-headers';
export { runSupervisedConsumer } from './supervised-consumer';
export type { SupervisionOptions } from './supervised-consumer';
export { readPartitions, readTopicSnapshot } from './topic-snapshot';
export type {
  KeyedValue,
  ReadMessage,
  ReadPartitionsOptions,
  SnapshotOptions,
} from './topic-snapshot';
export { createTransactionalProducer } from './transactional-producer';
export type { TransactionalProducer } from './transactional-producer';
export type { Kafka } from 'kafkajs';
export { fetchEndOffsets, fetchGroupLagBehind } from './group-lag';
export type { PartitionOffsets } from './group-lag';
export { runPartitionLeadership } from './partition-leadership';
export type { PartitionLeadership, PartitionLeadershipOptions } from './partition-leadership';
export { tailTopic } from './topic-tail';
export type { TailTopicOptions, TopicTail } from './topic-tail';
export { topicSpecs } from './topic-specs';
export type { TopicSpecOptions } from './topic-specs';
