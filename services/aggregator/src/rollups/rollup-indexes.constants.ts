import { ROLLUP_INTERVALS, ROLLUP_METRICS } from '@callrecords/contracts';

/** The aggregator's private indexes (not contracts: nobody else reads them). */
export function aggregatorIndexNames(prefix: string) {
  return {
    alerts: `${prefix}callrecords-aggregator-alerts`,
  };
}

export type AggregatorIndexNames = ReturnType<typeof aggregatorIndexNames>;

export const ROLLUP_INDEX_KEYS = ROLLUP_METRICS.flatMap((metric) =>
  ROLLUP_INTERVALS.map((interval) => ({ metric, interval })),
);

const KEYWORD = { type: 'keyword' } as const;
const DATE = { type: 'date', format: 'strict_date_optional_time' } as const;

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
