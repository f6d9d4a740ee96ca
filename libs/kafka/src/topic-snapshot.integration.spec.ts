import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createLogger } from '@callrecords/service-kit';
import { getTestEnv, uniqueTopic } from '@callrecords/testing';

import { ensureTopics } from './admin';
import { createKafkaClient } from './client';
import { readTopicSnapshot } from './topic-snapshot';
import { createTransactionalProducer } from './transactional-producer';
import type { TransactionalProducer } from './transactional-producer';

const kafka = createKafkaClient(
  {
    KAFKA_BROKERS: [...getTestEnv().kafkaBrokers],
    KAFKA_SSL: false,
    KAFKA_TOPIC_PREFIX: '',
    KAFKA_CONNECTION_TIMEOUT_MS: 5_000,
  },
  {
    service: 'kafka-test',
    logger: createLogger({ service: 'test', version: 't', level: 'silent' }),
  },
);
const topic = uniqueTopic('snapshot');
const empty = uniqueTopic('snapshot-empty');
let producer: TransactionalProducer;

beforeAll(async () => {
  await ensureTopics(kafka, [
    { name: topic, partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } },
    { name: empty, partitions: 1, replicationFactor: 1, configs: {} },
  ]);
  producer = createTransactionalProducer(kafka, `${topic}-tx`);
  await producer.connect();
});

afterAll(async () => {
  await producer.disconnect();
});

const message = (key: string, value: string) => ({ topic, key, value: Buffer.from(value) });

describe(readTopicSnapshot.name, () => {
  it('returns the latest committed value of each key, up to the end of the topic', async () => {
    await producer.sendAtomically([message('a', '1'), message('b', '1')]);
    await producer.sendAtomically([message('a', '2'), message('c', '1')]);

    const snapshot = await readTopicSnapshot(kafka, topic);

    expect(
      Object.fromEntries([...snapshot.entries()].map(([key, v]) => [key, v.value.toString()])),
    ).toEqual({ a: '2', b: '1', c: '1' });
  });

  it('returns nothing for an empty topic', async () => {
    expect((await readTopicSnapshot(kafka, empty)).size).toBe(0);
  });
});

describe(createTransactionalProducer.name, () => {
  it('is fenced by a newer producer with the same transactional id', async () => {
    const newer = createTransactionalProducer(kafka, `${topic}-tx`);
    await newer.connect();

    await expect(producer.sendAtomically([message('z', 'zombie')])).rejects.toThrow();
    await newer.sendAtomically([message('z', 'live')]);
    await newer.disconnect();

    expect((await readTopicSnapshot(kafka, topic)).get('z')?.value.toString()).toBe('live');
  });
});
