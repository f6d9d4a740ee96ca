import { contractIndexSetup } from './contract-setup';

const CONFIG = {
  OPENSEARCH_INDEX_PREFIX: 'p-',
  INDEXER_INDEX_SHARDS: 2,
  INDEXER_INDEX_REPLICAS: 1,
  INDEXER_RETENTION_DAYS: 14,
  INDEXER_ROLLOVER_MAX_AGE: '1d',
  INDEXER_ROLLOVER_MAX_PRIMARY_SHARD_SIZE: '10gb',
};

describe(contractIndexSetup.name, () => {
  it('declares a template, a rollover series and the retention policy for every index', () => {
    const setup = contractIndexSetup(CONFIG);

    expect(setup.indexTemplates?.map((t) => [t.name, t.ismRolloverAlias])).toEqual([
      ['p-callrecords-records', 'p-callrecords-records-write'],
      ['p-callrecords-streams', 'p-callrecords-streams-write'],
      ['p-callrecords-pstn-calls', 'p-callrecords-pstn-calls-write'],
      ['p-callrecords-directrouting-calls', 'p-callrecords-directrouting-calls-write'],
    ]);
    expect(setup.rolloverIndexes?.map((r) => r.name)).toEqual([
      'p-callrecords-records',
      'p-callrecords-streams',
      'p-callrecords-pstn-calls',
      'p-callrecords-directrouting-calls',
    ]);
    expect(setup.ismPolicies?.[0]?.id).toBe('p-callrecords-retention');
  });

  it('carries the configured retention, rollover and shard counts', () => {
    const setup = contractIndexSetup(CONFIG);

    const text = JSON.stringify(setup);

    expect(text).toContain('"min_rollover_age":"14d"');
    expect(text).toContain('"min_index_age":"1d"');
    expect(text).toContain('"number_of_shards":2');
  });
});
