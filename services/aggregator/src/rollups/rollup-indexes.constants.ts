import { ROLLUP_INTERVALS, ROLLUP_METRICS } from '@callrecords/contracts';

import { MEASURES } from '../domain/cells';

/** The aggregator's private indexes (not contracts: nobody else reads them). */
export function aggregatorIndexNames(prefix: string) {
  return {
    contributions: `${prefix}callrecords-aggregator-contributions`,
    alerts: `${prefix}callrecords-aggregator-alerts`,
  };
}

export type AggregatorIndexNames = ReturnType<typeof aggregatorIndexNames>;

export const ROLLUP_INDEX_KEYS = ROLLUP_METRICS.flatMap((metric) =>
  ROLLUP_INTERVALS.map((interval) => ({ metric, interval })),
);

const KEYWORD = { type: 'keyword' } as const;
const DATE = { type: 'date', format: 'strict_date_optional_time' } as const;

// One shard: its `_seq_no`s then order all contribution writes and its readers only grow, so the
// sum of `_seq_no` a search saw versions the rollup documents (RollupStoreRepository.BucketSums).
export const CONTRIBUTIONS_INDEX_BODY = {
  settings: { number_of_shards: 1, refresh_interval: '1s' },
  mappings: {
    dynamic: 'strict',
    properties: {
      tenantId: KEYWORD,
      source: KEYWORD,
      sourceId: KEYWORD,
      version: { type: 'long' },
      hourStart: DATE,
      dayStart: DATE,
      entries: {
        type: 'nested',
        properties: {
          cell: KEYWORD,
          ...Object.fromEntries(MEASURES.map((m) => [m, { type: 'long' }])),
        },
      },
      retracted: { type: 'object', enabled: false },
    },
  },
};

export const ALERTS_INDEX_BODY = {
  settings: { number_of_shards: 1 },
  mappings: {
    dynamic: 'strict',
    properties: {
      tenantId: KEYWORD,
      rule: KEYWORD,
      key: KEYWORD,
      raisedAt: DATE,
      eventId: KEYWORD,
    },
  },
};
