import type { BucketStarts } from './buckets';
import { MEASURES } from './cells';
import type { Entry, Measure } from './cells';

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

type EncodedEntry = [string, ...number[]];
type EncodedContribution = [
  string,
  ContributionSource,
  string,
  number,
  string,
  string,
  EncodedEntry[],
];

/**
 * A contribution as the changelog and the local store keep it: positional JSON, each entry its
 * cell then `measure index, value` pairs of its non-zero measures (a third of the plain JSON).
 */
export function encodeContribution(doc: ContributionDocument): string {
  const entries = doc.entries.map((entry): EncodedEntry => {
    const encoded: EncodedEntry = [entry.cell];
    MEASURES.forEach((measure, m) => {
      const value = entry[measure];
      if (value !== undefined && value !== 0) {
        encoded.push(m, value);
      }
    });
    return encoded;
  });
  const encoded: EncodedContribution = [
    doc.tenantId,
    doc.source,
    doc.sourceId,
    doc.version,
    doc.hourStart,
    doc.dayStart,
    entries,
  ];
  return JSON.stringify(encoded);
}

export function decodeContribution(text: string): ContributionDocument {
  const [tenantId, source, sourceId, version, hourStart, dayStart, entries] = JSON.parse(
    text,
  ) as EncodedContribution;
  return {
    tenantId,
    source,
    sourceId,
    version,
    hourStart,
    dayStart,
    entries: entries.map(([cell, ...pairs]) => {
      const entry: { cell: string } & Partial<Record<Measure, number>> = { cell };
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        entry[MEASURES[pairs[i] as number] as Measure] = pairs[i + 1] as number;
      }
      return entry;
    }),
  };
}
