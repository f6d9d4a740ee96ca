// The provisioner against the real broker and node: everything the contracts declare is created
// under a fresh prefix, and a second run (the next `helm upgrade`) changes nothing.
import { afterAll, describe, expect, it } from '@jest/globals';

import { createKafkaClient } from '@callrecords/kafka';
import { createOpenSearchClient } from '@callrecords/opensearch';
import { createLogger, loadConfig } from '@callrecords/service-kit';
import { getTestEnv, uniqueName } from '@callrecords/testing';

import { provisionerConfigSchema } from '../src/config';
import { provision } from '../src/provision.service';

const env = getTestEnv();
const prefix = `${uniqueName('prov')}.`;
const indexPrefix = `test-${uniqueName('prov')}-`;
const config = loadConfig(provisionerConfigSchema, {
  KAFKA_BROKERS: env.kafkaBrokers.join(','),
  KAFKA_TOPIC_PREFIX: prefix,
  OPENSEARCH_URL: env.openSearchUrl,
  OPENSEARCH_INDEX_PREFIX: indexPrefix,
  PROVISIONER_TOPIC_REPLICATION_FACTOR: '1',
  LOG_LEVEL: 'silent',
});
const logger = createLogger({ service: 'provisioner-test', version: 'test', level: 'silent' });
const kafka = createKafkaClient(config, { service: 'provisioner-test', logger });
const openSearch = createOpenSearchClient(config, { readFile: () => '' });

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  await admin.deleteTopics({ topics: ours });
  await admin.disconnect();
  await openSearch.indices.delete({ index: `${indexPrefix}*` });
  await openSearch.close();
});

describe('provisioner', () => {
  it('creates the contract topics with their partitions, and the indexes behind their aliases', async () => {
    const report = await provision(config, { kafka, openSearch, logger });

    const created = new Map((report.topics ?? []).map((t) => [t.name, t.action]));
    // From libs/contracts/src/topics.ts: the fixed streams plus a retry and a DLQ per consumer group.
    expect(created.get(`${prefix}callrecords.notifications.v1`)).toBe('created');
    expect(created.get(`${prefix}callrecords.records.v1`)).toBe('created');
    expect(created.get(`${prefix}callrecords.fetcher.dlq.v1`)).toBe('created');
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({
      topics: [`${prefix}callrecords.notifications.v1`, `${prefix}callrecords.pstn-calls.v1`],
    });
    await admin.disconnect();
    expect(metadata.topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual([
      [`${prefix}callrecords.notifications.v1`, 12],
      [`${prefix}callrecords.pstn-calls.v1`, 6],
    ]);
    const aliases = await openSearch.indices.getAlias({
      name: `${indexPrefix}callrecords-records`,
    });
    expect(Object.keys(aliases.body)).toEqual([`${indexPrefix}callrecords-records-000001`]);
  });

  it('changes nothing when it runs again, as before every upgrade', async () => {
    const again = await provision(config, { kafka, openSearch, logger });

    expect(again.topics?.filter((t) => t.action !== 'unchanged')).toEqual([]);
    expect(
      again.indexes?.steps.filter((s) => s.action !== 'unchanged' && s.action !== 'skipped'),
    ).toEqual([]);
  });

  it('runs only the steps asked for', async () => {
    const onlyIndexes = { ...config, PROVISIONER_STEPS: ['indexes' as const] };

    const report = await provision(onlyIndexes, { kafka, openSearch, logger });

    expect(report.topics).toBeUndefined();
    expect(report.indexes?.steps.length).toBeGreaterThan(0);
  });
});
