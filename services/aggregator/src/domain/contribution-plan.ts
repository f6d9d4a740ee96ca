import type { BucketStarts } from './buckets';
import type { Entry } from './cells';

export type ContributionSource = 'records' | 'pstn' | 'directRouting';

/**
 * The stored contribution of one source record at one version (the `callrecords-aggregator-
 * contributions` document): what the record adds to the rollups, kept so that its next version can
 * take it back out (a delta of new minus old).
 */
export interface ContributionDocument extends BucketStarts {
  readonly tenantId: string;
  readonly source: ContributionSource;
  readonly sourceId: string;
  /** Graph's record version, or the fetch time (ms) of a report row: a lower one never wins. */
  readonly version: number;
  readonly entries: readonly Entry[];
}

export function contributionId(
  doc: Pick<ContributionDocument, 'tenantId' | 'source' | 'sourceId'>,
): string {
  return `${doc.tenantId}|${doc.source}|${doc.sourceId}`;
}
