import { QUALITY_MEASURES } from '../domain/trunk-join';

// The trunk-quality module's private join index (one document per call: its record's quality and
// its Direct Routing rows). Nobody else reads it; the rollup it feeds is the contract.

/** The join index under OPENSEARCH_INDEX_PREFIX. */
export function trunkJoinIndexName(prefix: string): string {
  return `${prefix}callrecords-aggregator-trunk-join-v1`;
}

const KEYWORD = { type: 'keyword' } as const;
const DOUBLE = { type: 'double' } as const;

/** Indexed: what the per-cell sums filter and add; `record` and `rows` are stored state only. */
export const TRUNK_JOIN_INDEX_BODY = {
  settings: { number_of_shards: 1, refresh_interval: '1s' },
  mappings: {
    dynamic: 'strict',
    properties: {
      tenantId: KEYWORD,
      callRecordId: KEYWORD,
      record: { type: 'object', enabled: false },
      rows: { type: 'object', enabled: false },
      joined: { type: 'boolean' },
      trunks: KEYWORD,
      hourStart: KEYWORD,
      dayStart: KEYWORD,
      ...Object.fromEntries(QUALITY_MEASURES.map((measure) => [measure, DOUBLE])),
    },
  },
} as const;
