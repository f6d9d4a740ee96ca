import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createLogger } from '@callrecords/service-kit';
import { getTestEnv, uniqueTopic, waitFor } from '@callrecords/testing';

import { ensureTopics } from './admin';
import { createKafkaClient } from './client';
import { runPartitionLeadership } from './partition-leadership';
import type { PartitionLeadership } from './partition-leadership';

const logger = createLogger({ service: 'test', version: 't', level: 'silent' });
const kafka = createKafkaClient(
  {
    KAFKA_BROKERS: [...getTestEnv().kafkaBrokers],
    KAFKA_SSL: false,
    KAFKA_TOPIC_PREFIX: '',
    KAFKA_CONNECTION_TIMEOUT_MS: 5_000,
  },
  { service: 'kafka-test', logger },
);
const topic = uniqueTopic('leadership');
const running: PartitionLeadership[] = [];

beforeAll(async () => {
  await ensureTopics(kafka, [{ name: topic, partitions: 2, replicationFactor: 1, configs: {} }]);
});

afterAll(async () => {
  await Promise.allSettled(running.map((r) => r.stop()));
});

describe(runPartitionLeadership.name, () => {
  it('elects exactly one leader among members and hands leadership over when it stops', async () => {
    const changes: boolean[] = [];
    const start = (onChange?: (leader: boolean) => void) =>
      runPartitionLeadership({ kafka, topic, groupId: `${topic}-leader`, logger, onChange });
    running.push(await start((leader) => changes.push(leader)), await start());
    await waitFor(
      () => running.every((r) => r.isMember()) && running.filter((r) => r.isLeader()).length === 1,
      { description: 'one leader among two members', timeoutMs: 30_000 },
    );
    const leader = running.find((r) => r.isLeader());
    const follower = running.find((r) => !r.isLeader());
    await leader?.stop();

    await waitFor(() => follower?.isLeader(), {
      description: 'follower takes over',
      timeoutMs: 30_000,
    });
    expect(leader?.isLeader()).toBe(false);
    expect(changes.length).toBeGreaterThan(0);
  }, 60_000);
});
