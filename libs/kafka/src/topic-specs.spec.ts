import { describe, expect, it } from '@jest/globals';

import { KEEP_FOREVER, parseRetentionPolicy, topicConfig, TOPICS } from '@callrecords/contracts';

import { topicSpecs } from './topic-specs';

describe(topicSpecs.name, () => {
  it('takes partitions and configs from the contract and prefixes the name', () => {
    const [spec] = topicSpecs([TOPICS.records], { prefix: 'run-1.', retention: KEEP_FOREVER });

    expect(spec).toEqual({
      name: 'run-1.callrecords.records.v1',
      partitions: TOPICS.records.partitions,
      replicationFactor: -1,
      configs: topicConfig(TOPICS.records),
    });
  });

  it('uses the replication factor given', () => {
    const [spec] = topicSpecs([TOPICS.alerts], {
      prefix: '',
      replicationFactor: 3,
      retention: KEEP_FOREVER,
    });

    expect(spec?.replicationFactor).toBe(3);
  });

  it('applies PRIVACY_RETENTION_DAYS: the records topic also deleted after the longest retention', () => {
    const [spec] = topicSpecs([TOPICS.records], {
      prefix: '',
      retention: parseRetentionPolicy('30,contoso=60'),
    });

    expect(spec?.configs).toMatchObject({
      'cleanup.policy': 'compact,delete',
      'retention.ms': String(60 * 86_400_000),
    });
  });
});
