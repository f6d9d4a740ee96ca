import type { BucketStarts } from './buckets';
import { MEASURE_INDEX, MEASURES } from './cells';
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

// Control characters that never occur in Graph ids, ISO times or cell keys (which use U+001F).
const FIELD = '\u001d';
const PART = '\u001e';
const FORMAT = 'c1';

/**
 * A contribution as the changelog and the local store keep it: its fields, then each entry as its
 * cell and `measure index, value` pairs of its non-zero measures, joined by control characters
 * (about half of its JSON or less, and cheaper to write and read than JSON).
 */
export function encodeContribution(doc: ContributionDocument): string {
  let text = [
    FORMAT,
    doc.tenantId,
    doc.source,
    doc.sourceId,
    String(doc.version),
    doc.hourStart,
    doc.dayStart,
  ].join(FIELD);
  for (const entry of doc.entries) {
    text += FIELD + entry.cell;
    // The entry's own keys (2 to 5), not all of MEASURES; the pairs' order does not matter.
    for (const key in entry) {
      const m = MEASURE_INDEX[key];
      const value = entry[key as Measure];
      if (m !== undefined && value !== undefined && value !== 0) {
        text += `${PART}${m}${PART}${value}`;
      }
    }
  }
  return text;
}

export function decodeContribution(text: string): ContributionDocument {
  const [format, tenantId, source, sourceId, version, hourStart, dayStart, ...entries] =
    text.split(FIELD);
  if (format !== FORMAT) {
    throw new Error(`unknown contribution format ${String(format).slice(0, 8)}`);
  }
  return {
    tenantId: tenantId as string,
    source: source as ContributionSource,
    sourceId: sourceId as string,
    version: Number(version),
    hourStart: hourStart as string,
    dayStart: dayStart as string,
    entries: entries.map((encoded) => {
      const [cell, ...pairs] = encoded.split(PART);
      const entry: { cell: string } & Partial<Record<Measure, number>> = { cell: cell as string };
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        entry[MEASURES[Number(pairs[i])] as Measure] = Number(pairs[i + 1]);
      }
      return entry;
    }),
  };
}
