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

/** A Graph change was about to be made by a replica that no longer leads: it is left to the leader. */
export class LeadershipLostError extends Error {
  constructor() {
    super('leadership lost');
    this.name = 'LeadershipLostError';
  }
}

export class KafkaLeadership implements Leadership {
  private running: PartitionLeadership | undefined;

  constructor(private readonly options: LeadershipOptions) {}

  /** Called when this replica gains (true) or loses (false) partition 0. */
  onChange: ((isLeader: boolean) => void) | undefined;

  async start(): Promise<void> {
    this.running = await runPartitionLeadership({
      ...this.options,
      onChange: (isLeader) => this.onChange?.(isLeader),
    });
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
