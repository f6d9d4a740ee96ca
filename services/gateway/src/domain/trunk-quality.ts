import { TRUNK_QUALITY_MEASURES } from '@callrecords/contracts';

import type { QueryClause } from './tenant-scope';
import type { TimeRange } from './query-clauses';
import { allOf, rangeClause, termsClause } from './query-clauses';

// Call quality per Direct Routing trunk, which no Microsoft report gives beside failures. Calls and
// failures come from the Direct Routing rows; quality from the aggregator's trunk-quality rollup
// (`callrecords-rollup-trunk-quality-<interval>`, the rows joined to their call records by
// `correlationId`, libs/contracts/graph-reference/FACTS.md §3). Two searches per answer, whatever
// the number of calls: both are aggregations.

/** At most this many trunks per answer (busiest first). */
export const MAX_TRUNKS = 50;

export interface TrunkQualityFilter extends TimeRange {
  readonly trunkFullyQualifiedDomainNames?: readonly string[] | null;
}

export type TrunkInterval = 'hour' | 'day';

/** The Direct Routing rows search: per trunk, calls and failures. */
export function trunkCallsSearch(filter: TrunkQualityFilter): {
  query: QueryClause | undefined;
  aggs: Readonly<Record<string, QueryClause>>;
} {
  return {
    query: allOf([
      ...rangeClause('startDateTime', filter),
      ...termsClause('trunkFullyQualifiedDomainName', filter.trunkFullyQualifiedDomainNames),
    ]),
    aggs: {
      trunks: {
        terms: { field: 'trunkFullyQualifiedDomainName', size: MAX_TRUNKS },
        aggs: { failures: { filter: { term: { successfulCall: false } } } },
      },
    },
  };
}

export interface TrunkCalls {
  readonly trunk: string;
  readonly calls: number;
  readonly failures: number;
}

interface Bucket {
  readonly key: string;
  readonly doc_count: number;
  readonly failures?: { readonly doc_count: number };
}

/** The trunks of a rows search answer, busiest first. */
export function toTrunkCalls(aggregations: Readonly<Record<string, unknown>>): TrunkCalls[] {
  const buckets = (aggregations['trunks'] as { buckets?: readonly Bucket[] } | undefined)?.buckets;
  return (buckets ?? []).map((bucket) => ({
    trunk: bucket.key,
    calls: bucket.doc_count,
    failures: bucket.failures?.doc_count ?? 0,
  }));
}

/** The additive measures of a trunk-quality rollup cell (libs/contracts trunk-quality-rollup). */
export const TRUNK_QUALITY_SUMS = ['calls', ...TRUNK_QUALITY_MEASURES] as const;

export type TrunkQualitySums = Readonly<Record<(typeof TRUNK_QUALITY_SUMS)[number], number>>;

const SUM_AGGREGATIONS = Object.fromEntries(
  TRUNK_QUALITY_SUMS.map((measure) => [measure, { sum: { field: measure } }]),
);

/**
 * The rollup search for the trunks: per trunk, the sums over the buckets starting in [from, to)
 * and per bucket. Buckets are the call record's start hour or day.
 */
export function trunkQualityRollupSearch(
  filter: TimeRange,
  trunks: readonly string[],
): { query: QueryClause | undefined; aggs: Readonly<Record<string, QueryClause>> } {
  return {
    query: allOf([
      ...rangeClause('bucketStart', filter),
      ...termsClause('trunk', trunks),
      { range: { calls: { gt: 0 } } },
    ]),
    aggs: {
      trunks: {
        terms: { field: 'trunk', size: Math.max(trunks.length, 1) },
        aggs: {
          ...SUM_AGGREGATIONS,
          series: {
            terms: { field: 'bucketStart', size: 10_000, order: { _key: 'asc' } },
            aggs: SUM_AGGREGATIONS,
          },
        },
      },
    },
  };
}

export interface TrunkQualitySeries {
  readonly total: TrunkQualitySums;
  readonly series: readonly { readonly bucketStart: string; readonly sums: TrunkQualitySums }[];
}

interface SumsBucket {
  readonly key: string | number;
  readonly key_as_string?: string;
  readonly [aggregation: string]: unknown;
}

function sumsOf(bucket: SumsBucket): TrunkQualitySums {
  return Object.fromEntries(
    TRUNK_QUALITY_SUMS.map((m) => [m, (bucket[m] as { value?: number } | undefined)?.value ?? 0]),
  ) as TrunkQualitySums;
}

/** The quality of each trunk of a rollup search answer, by trunk. */
export function toTrunkQualitySeries(
  aggregations: Readonly<Record<string, unknown>>,
): Map<string, TrunkQualitySeries> {
  const trunks = (aggregations['trunks'] as { buckets?: SumsBucket[] } | undefined)?.buckets;
  return new Map(
    (trunks ?? []).map((trunk) => {
      const series = (trunk['series'] as { buckets?: SumsBucket[] } | undefined)?.buckets ?? [];
      return [
        String(trunk.key),
        {
          total: sumsOf(trunk),
          series: series.map((bucket) => ({
            bucketStart: new Date(bucket.key_as_string ?? bucket.key).toISOString(),
            sums: sumsOf(bucket),
          })),
        },
      ];
    }),
  );
}

export const EMPTY_TRUNK_QUALITY: TrunkQualitySeries = {
  total: Object.fromEntries(TRUNK_QUALITY_SUMS.map((m) => [m, 0])) as TrunkQualitySums,
  series: [],
};

/** Poor ratio over classified streams and the metric means of some sums (null without samples). */
export function qualityOfSums(sums: TrunkQualitySums): {
  classifiedCount: number;
  poorCount: number;
  poorRatio: number | null;
  averageJitterMs: number | null;
  averageRoundTripTimeMs: number | null;
  averagePacketLossRate: number | null;
} {
  const mean = (sum: number, samples: number): number | null =>
    samples === 0 ? null : sum / samples;
  return {
    classifiedCount: sums.classifiedStreams,
    poorCount: sums.poorStreams,
    poorRatio: mean(sums.poorStreams, sums.classifiedStreams),
    averageJitterMs: mean(sums.jitterMsSum, sums.jitterSamples),
    averageRoundTripTimeMs: mean(sums.roundTripMsSum, sums.roundTripSamples),
    averagePacketLossRate: mean(sums.packetLossRateSum, sums.packetLossSamples),
  };
}
