import type { Consumer, Kafka } from 'kafkajs';

import type { Logger } from '@callrecords/service-kit';

/** What this member owns of its group's subscribed topics after a (re)balance. */
export interface PartitionShare {
  /** Partitions assigned to this member, summed over the subscribed topics. */
  readonly owned: number;
  /** Partitions of the subscribed topics, all members together. */
  readonly total: number;
}

/**
 * Calls `onShare` after every join of the group (start and each rebalance) with the partitions this
 * member owns: the members' shares add up to one, so a budget split by share is never exceeded by
 * the group as a whole.
 */
export function watchPartitionShare(options: {
  readonly kafka: Kafka;
  readonly consumer: Consumer;
  readonly topics: readonly string[];
  readonly logger: Logger;
  readonly onShare: (share: PartitionShare) => void;
}): void {
  const { consumer, topics, logger } = options;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assignment = payload.memberAssignment;
    const owned = topics.reduce((sum, topic) => sum + (assignment[topic]?.length ?? 0), 0);
    // The event handler cannot be async for kafkajs; failures are logged and the old share stays.
    void countPartitions(options.kafka, topics).then(
      (total) => options.onShare({ owned, total }),
      (error: unknown) =>
        logger.warn(
          { err: error, owned },
          'partition count unavailable; keeping the previous share until the next rebalance',
        ),
    );
  });
}

async function countPartitions(kafka: Kafka, topics: readonly string[]): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
    return metadata.topics.reduce((sum, topic) => sum + topic.partitions.length, 0);
  } finally {
    await admin.disconnect();
  }
}
