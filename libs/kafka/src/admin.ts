import { ConfigResourceTypes } from 'kafkajs';
import type { Kafka } from 'kafkajs';

/** A topic as the provisioner wants it; built from the topic registry in @callrecords/contracts. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

export interface TopicChange {
  readonly name: string;
  readonly action: 'created' | 'partitions-added' | 'configs-updated' | 'unchanged';
  readonly detail?: string;
}

/**
 * Makes the cluster match the specs, idempotently: creates missing topics, adds partitions (Kafka
 * cannot remove them), and sets our configs on existing topics. Never deletes a topic. Services
 * ensure the topics they share at the same boot, so a creation race (another process just created
 * the topic; metadata not yet everywhere) is retried, and it resolves only once every partition
 * has a leader, so a consumer can subscribe at once.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: readonly TopicSpec[],
): Promise<TopicChange[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // Names this call asked the broker to create: when a creation timed out and the retry finds the
    // topic, it was created by this call, not found unchanged.
    const attempted = new Set<string>();
    const changes = await retryRetriable(() => applySpecs(admin, specs, attempted));
    await retryRetriable(() => assertLeaders(admin, specs));
    return changes;
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<Kafka['admin']>;

const ENSURE_ATTEMPTS = 10;

async function retryRetriable<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const raced = (error as { type?: string }).type === 'TOPIC_ALREADY_EXISTS';
      const retriable = (error as { retriable?: boolean }).retriable === true || raced;
      if (attempt >= ENSURE_ATTEMPTS || !retriable) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

async function applySpecs(
  admin: Admin,
  specs: readonly TopicSpec[],
  attempted: Set<string>,
): Promise<TopicChange[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name));
  if (missing.length > 0) {
    missing.forEach((spec) => attempted.add(spec.name));
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const present = specs.filter((spec) => existing.has(spec.name));
  const changes = await Promise.all(present.map((spec) => reconcile(admin, spec)));
  const createdEarlier = (change: TopicChange): TopicChange =>
    change.action === 'unchanged' && attempted.has(change.name)
      ? { name: change.name, action: 'created' }
      : change;
  return [
    ...missing.map((spec) => ({ name: spec.name, action: 'created' as const })),
    ...changes.map(createdEarlier),
  ];
}

async function assertLeaders(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  const metadata = await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
  const leaderless = metadata.topics.filter((t) => t.partitions.some((p) => p.leader < 0));
  if (leaderless.length > 0) {
    throw Object.assign(new Error(`no leader yet for ${leaderless[0]?.name ?? ''}`), {
      retriable: true,
    });
  }
}

async function reconcile(admin: Admin, spec: TopicSpec): Promise<TopicChange> {
  const metadata = await admin.fetchTopicMetadata({ topics: [spec.name] });
  const partitions = metadata.topics[0]?.partitions.length ?? 0;
  if (partitions < spec.partitions) {
    await admin.createPartitions({
      topicPartitions: [{ topic: spec.name, count: spec.partitions }],
    });
  }
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [
      { type: ConfigResourceTypes.TOPIC, name: spec.name, configNames: Object.keys(spec.configs) },
    ],
  });
  const current = new Map(
    described.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]) ?? [],
  );
  const drift = Object.entries(spec.configs).filter(([name, value]) => current.get(name) !== value);
  if (drift.length > 0) {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: spec.name,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  }
  if (partitions < spec.partitions) {
    return {
      name: spec.name,
      action: 'partitions-added',
      detail: `${partitions} → ${spec.partitions}`,
    };
  }
  if (drift.length > 0) {
    return {
      name: spec.name,
      action: 'configs-updated',
      detail: drift.map(([name]) => name).join(','),
    };
  }
  return { name: spec.name, action: 'unchanged' };
}
