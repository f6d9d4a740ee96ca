import { z } from 'zod';

import { RollupIntervalSchema } from './rollups';
import type { RollupInterval } from './rollups';

// Call quality per Direct Routing trunk: the aggregator↔gateway contract of its own rollup
// (`callrecords-rollup-trunk-quality-<interval>`). A document is one cell: tenant × interval ×
// bucketStart (the call record's start) × trunk (SBC FQDN), over the calls that went through the
// trunk, joined by the Direct Routing row's `correlationId` = call record id
// (libs/contracts/graph-reference/FACTS.md §3). Sums and sample counts are stored beside the
// averages so a reader can merge buckets exactly.

/** Index (alias) name of the trunk-quality rollup, under OPENSEARCH_INDEX_PREFIX. */
export function trunkQualityRollupIndexName(interval: RollupInterval, prefix = ''): string {
  return `${prefix}callrecords-rollup-trunk-quality-${interval}`;
}

/** The concrete index behind the alias (a new mapping goes to `-v2` and an alias swap). */
export function trunkQualityRollupConcreteIndexName(interval: RollupInterval, prefix = ''): string {
  return `${trunkQualityRollupIndexName(interval, prefix)}-v1`;
}

/** Deterministic `_id`: the same cell is always the same document. */
export function trunkQualityRollupDocumentId(cell: {
  readonly tenantId: string;
  readonly interval: RollupInterval;
  readonly bucketStart: string;
  readonly trunk: string;
}): string {
  return [cell.tenantId, cell.interval, cell.bucketStart, cell.trunk].join('|');
}

/**
 * The additive quality measures of a cell besides `calls` (sums and sample counts): what the
 * aggregator sums per cell and a reader adds up across buckets before dividing.
 */
export const TRUNK_QUALITY_MEASURES = [
  'streams',
  'classifiedStreams',
  'poorStreams',
  'jitterMsSum',
  'jitterSamples',
  'roundTripMsSum',
  'roundTripSamples',
  'packetLossRateSum',
  'packetLossSamples',
] as const;

const count = z.int().min(0);
const average = z.number().min(0).nullable();

export const TrunkQualityRollupDocumentSchema = z.object({
  /** Entra tenant; every query is scoped by it. */
  tenantId: z.string().min(1),
  interval: RollupIntervalSchema,
  /** Bucket start of the call record's `startDateTime`, ISO 8601 UTC with milliseconds. */
  bucketStart: z.iso.datetime(),
  /** `trunkFullyQualifiedDomainName` of the Direct Routing rows. */
  trunk: z.string().min(1),
  /** Calls through the trunk whose call record is known (a row alone does not count). */
  calls: count,
  streams: count,
  /** Streams CQD could classify (@callrecords/call-quality). */
  classifiedStreams: count,
  poorStreams: count,
  /** poorStreams / classifiedStreams; null when nothing was classified. */
  poorStreamRatio: z.number().min(0).max(1).nullable(),
  /** Sum and count of the streams' `averageJitter` (ms), and their mean (null without samples). */
  jitterMsSum: z.number().min(0),
  jitterSamples: count,
  averageJitterMs: average,
  roundTripMsSum: z.number().min(0),
  roundTripSamples: count,
  averageRoundTripMs: average,
  packetLossRateSum: z.number().min(0),
  packetLossSamples: count,
  averagePacketLossRate: average,
});
export type TrunkQualityRollupDocument = z.infer<typeof TrunkQualityRollupDocumentSchema>;

const KEYWORD = { type: 'keyword' } as const;
const LONG = { type: 'long' } as const;
const DOUBLE = { type: 'double' } as const;

/** The mapping's `properties` (`dynamic: strict`). */
export const TRUNK_QUALITY_ROLLUP_PROPERTIES = {
  tenantId: KEYWORD,
  interval: KEYWORD,
  bucketStart: { type: 'date', format: 'strict_date_optional_time' },
  trunk: KEYWORD,
  calls: LONG,
  streams: LONG,
  classifiedStreams: LONG,
  poorStreams: LONG,
  poorStreamRatio: DOUBLE,
  jitterMsSum: DOUBLE,
  jitterSamples: LONG,
  averageJitterMs: DOUBLE,
  roundTripMsSum: DOUBLE,
  roundTripSamples: LONG,
  averageRoundTripMs: DOUBLE,
  packetLossRateSum: DOUBLE,
  packetLossSamples: LONG,
  averagePacketLossRate: DOUBLE,
} as const satisfies Record<keyof TrunkQualityRollupDocument, unknown>;

// Every measure is a field of the document.
TRUNK_QUALITY_MEASURES satisfies readonly (keyof TrunkQualityRollupDocument)[];

/** The body that creates the concrete index with its alias (idempotent setup at boot). */
export function trunkQualityRollupIndexBody(
  interval: RollupInterval,
  prefix = '',
): Record<string, unknown> {
  return {
    settings: { number_of_shards: 1, refresh_interval: '1s' },
    aliases: { [trunkQualityRollupIndexName(interval, prefix)]: { is_write_index: true } },
    mappings: { dynamic: 'strict', properties: TRUNK_QUALITY_ROLLUP_PROPERTIES },
  };
}
