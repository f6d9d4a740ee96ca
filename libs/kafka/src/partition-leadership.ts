import type { Kafka } from 'kafkajs';

import { registerZstdCodec } from './zstd-codec';

/** Minimal logger shape (pino-compatible) so this lib does not depend on service-kit. */
interface LeadershipLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface PartitionLeadershipOptions {
  readonly kafka: Kafka;
  /** The group whose member assigned partition 0 of `topic` is the leader. */
  readonly groupId: string;
  readonly topic: string;
  readonly logger: LeadershipLogger;
  /** Group session timeout (default 10 s); leadership is trusted for half of it after a heartbeat. */
  readonly sessionTimeoutMs?: number;
  /** Called whenever the assignment changes (joined with or without partition 0, or lost). */
  readonly onChange?: (isLeader: boolean) => void;
}

export interface PartitionLeadership {
  /** True while this member holds partition 0 and its last heartbeat is younger than session/2. */
  isLeader(): boolean;
  /** True while this member holds a current assignment (leader or follower). */
  isMember(): boolean;
  stop(): Promise<void>;
}

/**
 * Leader election on the group coordinator: the member of `groupId` assigned partition 0 of
 * `topic` leads. A member that stops heartbeating is expelled after the session timeout and the
 * partition moves; a leader trusts its assignment only while its last heartbeat is younger than
 * half the session timeout, so a paused process stops acting before partition 0 can be handed over.
 * Messages are ignored and offsets never committed: membership is all that is used.
 */
export async function runPartitionLeadership(
  options: PartitionLeadershipOptions,
): Promise<PartitionLeadership> {
  registerZstdCodec();
  const { kafka, topic, groupId, logger } = options;
  const sessionTimeoutMs = options.sessionTimeoutMs ?? 10_000;
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: sessionTimeoutMs,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 500,
  });
  let assigned = false;
  let joined = false;
  let lastHeartbeatAt = 0;
  const setAssignment = (isAssigned: boolean, isJoined: boolean): void => {
    const changed = assigned !== isAssigned || joined !== isJoined;
    assigned = isAssigned;
    joined = isJoined;
    if (changed) {
      options.onChange?.(assigned);
    }
  };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    lastHeartbeatAt = Date.now();
    setAssignment((payload.memberAssignment[topic] ?? []).includes(0), true);
    logger.info({ groupId, leader: assigned }, 'leadership assignment');
  });
  consumer.on(consumer.events.HEARTBEAT, () => (lastHeartbeatAt = Date.now()));
  const lose = (): void => setAssignment(false, false);
  consumer.on(consumer.events.REBALANCING, lose);
  consumer.on(consumer.events.STOP, lose);
  consumer.on(consumer.events.CRASH, lose);
  consumer.on(consumer.events.DISCONNECT, lose);
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
  return {
    isLeader: () => assigned && Date.now() - lastHeartbeatAt < sessionTimeoutMs / 2,
    isMember: () => joined,
    stop: async () => {
      assigned = false;
      await consumer.disconnect();
    },
  };
}
