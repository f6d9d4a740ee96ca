import type { Kafka } from 'kafkajs';

/** `topic → partition → offset` (decimal strings, as Kafka reports offsets). */
export type PartitionOffsets = Readonly<Record<string, Readonly<Record<number, string>>>>;

/** The end (high watermark) of every partition of `topics` now: what "caught up" is measured against. */
export async function fetchEndOffsets(
  kafka: Kafka,
  topics: readonly string[],
): Promise<PartitionOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const result: Record<string, Record<number, string>> = {};
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      result[topic] = Object.fromEntries(ends.map((end) => [end.partition, end.high]));
    }
    return result;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Messages below `targets` the group has not committed yet (0 = caught up to those offsets). A
 * partition the group never committed counts from offset 0, which a fresh group reads from.
 */
export async function fetchGroupLagBehind(
  kafka: Kafka,
  options: { readonly groupId: string; readonly targets: PartitionOffsets },
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = Object.keys(options.targets);
    const committed = await admin.fetchOffsets({ groupId: options.groupId, topics });
    let lag = 0;
    for (const [topic, partitions] of Object.entries(options.targets)) {
      const done = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      for (const [partition, end] of Object.entries(partitions)) {
        const at = Number(done.find((p) => p.partition === Number(partition))?.offset ?? '-1');
        lag += Math.max(0, Number(end) - Math.max(at, 0));
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}
