import type { QueryClause } from './tenant-scope';
import type { TimeRange } from './query-clauses';
import { allOf, rangeClause, termsClause } from './query-clauses';
import { STREAM_SUMMARY_AGGREGATIONS } from './stream-query';

// Call quality per Direct Routing trunk, which no Microsoft report gives beside failures: a Direct
// Routing row's `correlationId` is the id of its call record (libs/contracts/graph-reference/FACTS.md §3), so the streams of the
// calls that went through a trunk are the streams whose `callRecordId` is one of the trunk's rows'
// correlation ids. Two searches per answer: the trunk's rows (ids by trunk), then their streams.

/** At most this many trunks per answer (largest first). */
export const MAX_TRUNKS = 50;
/** At most this many calls per trunk are joined to their streams (the busiest window is cut). */
export const MAX_CALLS_PER_TRUNK = 10_000;

export interface TrunkQualityFilter extends TimeRange {
  readonly trunkFullyQualifiedDomainNames?: readonly string[] | null;
}

export type TrunkInterval = 'hour' | 'day';

/** The Direct Routing rows search: per trunk, calls, failures and the correlation ids. */
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
        aggs: {
          failures: { filter: { term: { successfulCall: false } } },
          callRecordIds: { terms: { field: 'correlationId', size: MAX_CALLS_PER_TRUNK } },
        },
      },
    },
  };
}

export interface TrunkCalls {
  readonly trunk: string;
  readonly calls: number;
  readonly failures: number;
  readonly callRecordIds: readonly string[];
}

interface Bucket {
  readonly key: string;
  readonly doc_count: number;
  readonly failures?: { readonly doc_count: number };
  readonly callRecordIds?: { readonly buckets?: readonly { readonly key: string }[] };
}

/** The trunks of a rows search answer, busiest first. */
export function toTrunkCalls(aggregations: Readonly<Record<string, unknown>>): TrunkCalls[] {
  const buckets = (aggregations['trunks'] as { buckets?: readonly Bucket[] } | undefined)?.buckets;
  return (buckets ?? []).map((bucket) => ({
    trunk: bucket.key,
    calls: bucket.doc_count,
    failures: bucket.failures?.doc_count ?? 0,
    callRecordIds: (bucket.callRecordIds?.buckets ?? []).map((b) => b.key),
  }));
}

/**
 * The streams search of one trunk: the streams of its calls, summarized over the range (poor ratio,
 * averages) and per `interval` bucket of the stream's start.
 */
export function trunkStreamsSearch(
  callRecordIds: readonly string[],
  interval: TrunkInterval,
): { query: QueryClause; aggs: Readonly<Record<string, QueryClause>> } {
  return {
    query: { terms: { callRecordId: [...callRecordIds] } },
    aggs: {
      ...STREAM_SUMMARY_AGGREGATIONS,
      callsWithStreams: { cardinality: { field: 'callRecordId' } },
      series: {
        date_histogram: {
          field: 'startDateTime',
          calendar_interval: interval === 'hour' ? '1h' : '1d',
          min_doc_count: 1,
        },
        aggs: STREAM_SUMMARY_AGGREGATIONS,
      },
    },
  };
}

export interface SeriesBucket {
  readonly key_as_string?: string;
  readonly key: number;
  readonly doc_count: number;
  readonly [aggregation: string]: unknown;
}

/** The buckets of a trunk's streams answer, oldest first. */
export function seriesBuckets(aggregations: Readonly<Record<string, unknown>>): SeriesBucket[] {
  const series = aggregations['series'] as { buckets?: readonly SeriesBucket[] } | undefined;
  return [...(series?.buckets ?? [])];
}
