import type { RollupInterval } from '@callrecords/contracts';

import type { BucketStarts } from './buckets';
import { bucketStartFor } from './buckets';
import type { Entry } from './cells';
import type { BucketKey } from './rollup-documents';

export type ContributionSource = 'records' | 'pstn' | 'directRouting';

/** A bucket set an earlier version contributed to, kept so a crash cannot lose its retraction. */
export interface Retraction extends BucketStarts {
  readonly cells: readonly string[];
}

/**
 * The stored contribution of one source record at one version (the `callrecords-rollup-
 * contributions` document). Rollups are sums over these documents, so a replaced version is
 * retracted by construction.
 */
export interface ContributionDocument extends BucketStarts {
  readonly tenantId: string;
  readonly source: ContributionSource;
  readonly sourceId: string;
  /** Graph's record version, or the fetch time (ms) of a report row: a lower one never wins. */
  readonly version: number;
  readonly entries: readonly Entry[];
  /** Buckets and cells of the versions this one replaced, recomputed with this one's buckets. */
  readonly retracted: readonly Retraction[];
}

/** A bucket to recompute and the cells that must get a document even when they sum to nothing. */
export interface RecomputeTarget {
  readonly bucket: BucketKey;
  readonly cells: Set<string>;
}

export interface ContributionPlan {
  /** Documents to write (external versioning rejects them again if a newer one raced us). */
  readonly writes: readonly ContributionDocument[];
  readonly targets: readonly RecomputeTarget[];
}

const INTERVALS: readonly RollupInterval[] = ['hour', 'day'];

export function contributionId(
  doc: Pick<ContributionDocument, 'tenantId' | 'source' | 'sourceId'>,
): string {
  return `${doc.tenantId}|${doc.source}|${doc.sourceId}`;
}

/** The highest version of each source record in a batch (the first one on a tie). */
export function latestPerSource(
  docs: readonly Omit<ContributionDocument, 'retracted'>[],
): Omit<ContributionDocument, 'retracted'>[] {
  const latest = new Map<string, Omit<ContributionDocument, 'retracted'>>();
  for (const doc of docs) {
    const id = contributionId(doc);
    const seen = latest.get(id);
    if (!seen || doc.version > seen.version) {
      latest.set(id, doc);
    }
  }
  return [...latest.values()];
}

/**
 * What a batch writes and recomputes, given the stored contribution of each source record: a newer
 * version replaces the stored one and carries its buckets as retracted; an older or equal one writes
 * nothing. Either way the stored (or new) document's buckets, and everything it retracted, are
 * recomputed, so a batch redelivered after a crash finishes the work of the first attempt.
 */
export function planContributions(
  incoming: readonly Omit<ContributionDocument, 'retracted'>[],
  stored: ReadonlyMap<string, ContributionDocument>,
): ContributionPlan {
  const writes: ContributionDocument[] = [];
  const targets = new Map<string, RecomputeTarget>();
  for (const doc of latestPerSource(incoming)) {
    const previous = stored.get(contributionId(doc));
    if (previous && previous.version >= doc.version) {
      addTargets(targets, previous);
      continue;
    }
    const next: ContributionDocument = {
      ...doc,
      retracted: previous ? retractionsOf(previous) : [],
    };
    writes.push(next);
    addTargets(targets, next);
  }
  return { writes, targets: [...targets.values()] };
}

function retractionsOf(previous: ContributionDocument): Retraction[] {
  const own = {
    hourStart: previous.hourStart,
    dayStart: previous.dayStart,
    cells: previous.entries.map((e) => e.cell),
  };
  // Earlier retractions ride along: the previous version's rollups may not have been written yet.
  return mergeRetractions([own, ...previous.retracted]);
}

function mergeRetractions(retractions: readonly Retraction[]): Retraction[] {
  const merged = new Map<string, { hourStart: string; dayStart: string; cells: Set<string> }>();
  for (const r of retractions) {
    const key = `${r.hourStart}|${r.dayStart}`;
    const into = merged.get(key) ?? {
      hourStart: r.hourStart,
      dayStart: r.dayStart,
      cells: new Set(),
    };
    r.cells.forEach((cell) => into.cells.add(cell));
    merged.set(key, into);
  }
  return [...merged.values()].map((r) => ({ ...r, cells: [...r.cells].sort() }));
}

function addTargets(targets: Map<string, RecomputeTarget>, doc: ContributionDocument): void {
  for (const interval of INTERVALS) {
    targetFor(targets, {
      tenantId: doc.tenantId,
      interval,
      bucketStart: bucketStartFor(doc, interval),
    });
    for (const retraction of doc.retracted) {
      const bucketStart = bucketStartFor(retraction, interval);
      const target = targetFor(targets, { tenantId: doc.tenantId, interval, bucketStart });
      retraction.cells.forEach((cell) => target.cells.add(cell));
    }
  }
}

function targetFor(targets: Map<string, RecomputeTarget>, bucket: BucketKey): RecomputeTarget {
  const { tenantId, interval, bucketStart } = bucket;
  const key = `${tenantId}|${interval}|${bucketStart}`;
  const existing = targets.get(key);
  if (existing) {
    return existing;
  }
  const target = { bucket: { tenantId, interval, bucketStart }, cells: new Set<string>() };
  targets.set(key, target);
  return target;
}
