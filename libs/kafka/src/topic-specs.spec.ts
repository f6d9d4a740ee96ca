import { describe, expect, it } from '@jest/globals';

import { topicConfig, TOPICS } from '@callrecords/contracts';

import { topicSpecs } from './topic-specs';

describe(topicSpecs.name, () => {
  it('takes partitions and configs from the contract and prefixes the name', () => {
    const [spec] = topicSpecs([TOPICS.records], { prefix: 'run-1.' });

    expect(spec).toEqual({
      name: 'run-1.callrecords.records.v1',
      partitions: TOPICS.records.partitions,
      replicationFactor: -1,
      configs: topicConfig(TOPICS.records),
    });
  });

  it('uses the replication factor given', () => {
    const [spec] = topicSpecs([TOPICS.alerts], { prefix: '', replicationFactor: 3 });

    expect(spec?.replicationFactor).toBe(3);
  });
});
