import type { RollupInterval, RollupMetric } from '@callrecords/contracts';
import { ROLLUP_DIMENSIONS } from '@callrecords/contracts';

import type { QueryClause } from './tenant-scope';
import { badInput, forbidden, limitExceeded } from './gateway.errors';
import { allOf, rangeClause, termsClause } from './query-clauses';
import type { Access } from './tenant-scope';

/** One time-series request over the aggregator's rollups. */
export interface TimeSeriesRequest {
  readonly metric: RollupMetric;
  readonly interval: RollupInterval;
  /** A dimension of the metric (ROLLUP_DIMENSIONS); `total` by default. */
  readonly dimension: string;
  readonly from: string;
  readonly to: string;
  /** Only these values of the dimension. */
  readonly values?: readonly string[] | null;
}

/** Dimensions whose values identify a person: full access only. */
const PERSONAL_DIMENSIONS: Readonly<Partial<Record<RollupMetric, readonly string[]>>> = {
  pstn: ['user'],
};

const BUCKET_MS: Readonly<Record<RollupInterval, number>> = {
  hour: 3_600_000,
  day: 86_400_000,
};

/** Checks the request against the contract and the caller's access; returns the rollup query. */
export function rollupQuery(
  request: TimeSeriesRequest,
  access: Access,
  maxPoints: number,
): QueryClause | undefined {
  const dimensions: readonly string[] = ROLLUP_DIMENSIONS[request.metric];
  if (!dimensions.includes(request.dimension)) {
    throw badInput(`dimension must be one of ${dimensions.join(', ')} for ${request.metric}`);
  }
  if (
    access !== 'full' &&
    (PERSONAL_DIMENSIONS[request.metric] ?? []).includes(request.dimension)
  ) {
    throw forbidden(`the ${request.dimension} dimension needs full access`);
  }
  const buckets = (Date.parse(request.to) - Date.parse(request.from)) / BUCKET_MS[request.interval];
  if (buckets > maxPoints) {
    throw limitExceeded(`at most ${maxPoints} ${request.interval} buckets per series`);
  }
  return allOf([
    ...rangeClause('bucketStart', request),
    { term: { dimension: request.dimension } },
    ...termsClause('value', request.values),
  ]);
}

export const ROLLUP_SORT: readonly QueryClause[] = [
  { bucketStart: { order: 'asc' } },
  { value: { order: 'asc' } },
];
