import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kafka, logLevel } from 'kafkajs';

import { startPrivateKafka } from './private-kafka';
import type { PrivateKafka } from './private-kafka';
import { uniqueTopic } from './unique-names';

async function produceOne(kafka: Kafka, topic: string, value: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key: 'k', value }] });
  } finally {
    await producer.disconnect();
  }
}

async function endOffset(kafka: Kafka, topic: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic))[0]?.high;
  } finally {
    await admin.disconnect();
  }
}

describe(startPrivateKafka.name, () => {
  let broker: PrivateKafka;
  let kafka: Kafka;

  beforeAll(async () => {
    broker = await startPrivateKafka();
    kafka = new Kafka({
      clientId: 'private-kafka-spec',
      brokers: [...broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 3 },
    });
  }, 120_000);

  afterAll(async () => {
    await broker.close();
  });

  it('keeps acknowledged messages across a SIGKILL and a restart on the same address', async () => {
    const topic = uniqueTopic('private');
    await produceOne(kafka, topic, 'before-crash');

    broker.kill();
    await broker.start();

    expect(await endOffset(kafka, topic)).toBe('1');
  }, 120_000);

  it('refuses connections while stopped', async () => {
    await broker.stop();

    await expect(endOffset(kafka, uniqueTopic('down'))).rejects.toThrow();

    await broker.start();
  }, 120_000);
});
