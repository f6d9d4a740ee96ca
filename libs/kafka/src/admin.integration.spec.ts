import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';

import { getTestEnv, uniqueTopic } from '@callrecords/testing';

import { ensureTopics } from './admin';

const kafka = new Kafka({
  clientId: 'admin-test',
  brokers: [...getTestEnv().kafkaBrokers],
  logLevel: logLevel.NOTHING,
});
let admin: Admin;

describe(ensureTopics.name, () => {
  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  it('creates missing topics with their configs and leaves them unchanged the second time', async () => {
    const spec = {
      name: uniqueTopic('records'),
      partitions: 2,
      replicationFactor: 1,
      configs: { 'cleanup.policy': 'compact' },
    };

    const first = await ensureTopics(kafka, [spec]);
    const second = await ensureTopics(kafka, [spec]);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: spec.name, configNames: ['cleanup.policy'] },
      ],
    });

    expect(first).toEqual([{ name: spec.name, action: 'created' }]);
    expect(second).toEqual([{ name: spec.name, action: 'unchanged' }]);
    expect(described.resources[0]?.configEntries[0]?.configValue).toBe('compact');
  });

  it('adds partitions and corrects drifted configs on an existing topic', async () => {
    const name = uniqueTopic('grow');
    await ensureTopics(kafka, [
      { name, partitions: 1, replicationFactor: 1, configs: { 'retention.ms': '1000' } },
    ]);

    const grown = await ensureTopics(kafka, [
      { name, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '1000' } },
    ]);
    const fixed = await ensureTopics(kafka, [
      { name, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '2000' } },
    ]);
    const metadata = await admin.fetchTopicMetadata({ topics: [name] });

    expect(grown).toEqual([{ name, action: 'partitions-added', detail: '1 → 3' }]);
    expect(fixed).toEqual([{ name, action: 'configs-updated', detail: 'retention.ms' }]);
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });
});
