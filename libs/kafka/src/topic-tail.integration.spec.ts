import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createLogger } from '@callrecords/service-kit';
import { getTestEnv, uniqueTopic, waitFor } from '@callrecords/testing';

import { ensureTopics } from './admin';
import { createKafkaClient } from './client';
import { createProducer } from './producer';
import type { EventProducer } from './producer';
import { tailTopic } from './topic-tail';
import type { TopicTail } from './topic-tail';

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
const topic = uniqueTopic('tail');
const empty = uniqueTopic('tail-empty');
let producer: EventProducer;
const tails: TopicTail[] = [];

beforeAll(async () => {
  await ensureTopics(kafka, [
    { name: topic, partitions: 2, replicationFactor: 1, configs: {} },
    { name: empty, partitions: 1, replicationFactor: 1, configs: {} },
  ]);
  producer = createProducer(kafka);
  await producer.connect();
});

afterAll(async () => {
  await Promise.allSettled(tails.map((t) => t.stop()));
  await producer.disconnect();
});

const decode = (value: Buffer | null): string => {
  const text = value?.toString() ?? '';
  if (text === 'bad') {
    throw new Error('undecodable');
  }
  return text;
};

describe(tailTopic.name, () => {
  it('hands over every record, resolves caughtUp at the start-time end, then keeps following', async () => {
    await producer.send(
      ['a', 'bad', 'b'].map((value, i) => ({ topic, key: `k${i}`, value: Buffer.from(value) })),
    );
    const seen: string[] = [];
    const tail = await tailTopic({ kafka, topic, decode, logger, onEvent: (e) => seen.push(e) });
    tails.push(tail);
    await tail.caughtUp;
    expect([...seen].sort()).toEqual(['a', 'b']);

    await producer.send([{ topic, key: 'k9', value: Buffer.from('c') }]);
    await waitFor(() => seen.includes('c'), { description: 'live record' });
    expect(tail.isCaughtUp()).toBe(true);
  }, 60_000);

  it('is caught up at once on an empty topic', async () => {
    const tail = await tailTopic({ kafka, topic: empty, decode, logger, onEvent: () => undefined });
    tails.push(tail);
    expect(tail.isCaughtUp()).toBe(true);
  });
});
