import { ROLLUP_INTERVALS, ROLLUP_METRICS } from '@callrecords/contracts';

/** The aggregator's private indexes (not contracts: nobody else reads them). */
export function aggregatorIndexNames(prefix: string) {
  return {
    contributions: `${prefix}callrecords-aggregator-contributions-v2`,
    alerts: `${prefix}callrecords-aggregator-alerts`,
  };
}

export type AggregatorIndexNames = ReturnType<typeof aggregatorIndexNames>;

export const ROLLUP_INDEX_KEYS = ROLLUP_METRICS.flatMap((metric) =>
  ROLLUP_INTERVALS.map((interval) => ({ metric, interval })),
);

const KEYWORD = { type: 'keyword' } as const;
const DATE = { type: 'date', format: 'strict_date_optional_time' } as const;

/**
 * Each source record's last contribution, read back by id (realtime get) when a newer version
 * arrives. Nothing but `hourStart` is indexed (for pruning with the rollups' retention), so a write
 * costs about a stored `_source`. Sharded by `_id`: any number of shards works.
 */
export function contributionsIndexBody(shards: number) {
  return {
    settings: { number_of_shards: shards, refresh_interval: '30s' },
    mappings: { dynamic: false, properties: { hourStart: DATE } },
  };
}

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
