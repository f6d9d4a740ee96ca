import type { Kafka } from '@callrecords/kafka';
import type { Logger } from '@callrecords/service-kit';

// Exactly one replica renews, recreates and backfills: the member of a consumer group that Kafka
// assigned partition 0 of the subscriptions topic. The group coordinator is the lock service: a
// member that stops heartbeating is expelled after the session timeout and partition 0 moves.
// A leader trusts its assignment only while its last heartbeat is younger than half the session
// timeout, so a paused process stops acting before the group can have handed partition 0 over.

type Consumer = ReturnType<Kafka['consumer']>;

export interface LeadershipOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  readonly groupId: string;
  readonly logger: Logger;
  readonly sessionTimeoutMs?: number;
}

export interface Leadership {
  isLeader(): boolean;
}

export class KafkaLeadership implements Leadership {
  private assigned = false;
  private joined = false;
  private lastHeartbeatAt = 0;
  private consumer: Consumer | undefined;
  private readonly sessionTimeoutMs: number;

  constructor(private readonly options: LeadershipOptions) {
    this.sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
  }

  async start(): Promise<void> {
    const { kafka, topic, groupId } = this.options;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.sessionTimeoutMs,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[topic] ?? [];
      this.assigned = partitions.includes(0);
      this.joined = true;
      this.lastHeartbeatAt = Date.now();
      this.options.logger.info({ groupId, leader: this.assigned }, 'leadership assignment');
    });
    consumer.on(consumer.events.HEARTBEAT, () => (this.lastHeartbeatAt = Date.now()));
    const lose = (): void => {
      this.assigned = false;
      this.joined = false;
    };
    consumer.on(consumer.events.REBALANCING, lose);
    consumer.on(consumer.events.STOP, lose);
    consumer.on(consumer.events.CRASH, lose);
    consumer.on(consumer.events.DISCONNECT, lose);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    // Membership is all we want: messages are ignored and offsets never committed.
    await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
  }

  /** Whether this replica holds a current assignment (leader or follower). */
  get isMember(): boolean {
    return this.joined;
  }

  isLeader(): boolean {
    return this.assigned && Date.now() - this.lastHeartbeatAt < this.sessionTimeoutMs / 2;
  }

  async stop(): Promise<void> {
    this.assigned = false;
    await this.consumer?.disconnect();
  }
}
