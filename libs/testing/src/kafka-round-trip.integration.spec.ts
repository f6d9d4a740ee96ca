// Proves the test Kafka is real and that kafkajs 2.2.4 speaks to it (Kafka 4.x removed old protocol
// versions, KIP-896): admin, idempotent produce with acks=-1, group consume, commit, resume.
import { describe, expect, it, afterAll, beforeAll } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, EachMessagePayload } from 'kafkajs';

import { getTestEnv } from './test-env';
import { uniqueGroup, uniqueTopic } from './unique-names';
import { waitFor } from './wait-for';

const kafka = new Kafka({
  clientId: 'callrecords-test',
  brokers: [...getTestEnv().kafkaBrokers],
  logLevel: logLevel.NOTHING,
});

async function produce(topic: string, values: readonly string[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: values.map((value) => ({ key: 'k', value })),
    });
  } finally {
    await producer.disconnect();
  }
}

// Consumes with manual commits: each value is committed once it has been "processed".
async function consumeAndCommit(topic: string, groupId: string, count: number): Promise<string[]> {
  const consumer: Consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200 });
  const seen: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message, partition }: EachMessagePayload) => {
        seen.push(message.value?.toString() ?? '');
        await consumer.commitOffsets([
          { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
        ]);
      },
    });
    await waitFor(() => seen.length >= count, { description: `${count} messages on ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe('Kafka round trip', () => {
  let admin: Admin;

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('creates a topic with the admin client', async () => {
    const topic = uniqueTopic('admin');

    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });

    expect(created).toBe(true);
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it('resumes a consumer group at its committed offset after a restart', async () => {
    const topic = uniqueTopic('resume');
    const groupId = uniqueGroup('resume');
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await produce(topic, ['m0', 'm1', 'm2']);
    const firstRun = await consumeAndCommit(topic, groupId, 3);

    await produce(topic, ['m3', 'm4']);
    const secondRun = await consumeAndCommit(topic, groupId, 2);
    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });

    expect(firstRun).toEqual(['m0', 'm1', 'm2']);
    expect(secondRun).toEqual(['m3', 'm4']);
    expect(offsets[0]?.partitions[0]?.offset).toBe('5');
  });

  it('describes the cluster as a single KRaft broker reachable by the client', async () => {
    const cluster = await admin.describeCluster();

    expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
    expect(cluster.controller).not.toBeNull();
  });
});
