import { runPartitionLeadership } from '@callrecords/kafka';
import type { Kafka, PartitionLeadership } from '@callrecords/kafka';
import type { Logger } from '@callrecords/service-kit';

// Exactly one replica renews, recreates and backfills: the member of a consumer group that Kafka
// assigned partition 0 of the subscriptions topic (libs/kafka `runPartitionLeadership`: the group
// coordinator is the lock service, and a leader stops trusting its assignment after half the
// session timeout without heartbeat).

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
  private running: PartitionLeadership | undefined;

  constructor(private readonly options: LeadershipOptions) {}

  async start(): Promise<void> {
    this.running = await runPartitionLeadership(this.options);
  }

  /** Whether this replica holds a current assignment (leader or follower). */
  get isMember(): boolean {
    return this.running?.isMember() ?? false;
  }

  isLeader(): boolean {
    return this.running?.isLeader() ?? false;
  }

  async stop(): Promise<void> {
    await this.running?.stop();
  }
}
