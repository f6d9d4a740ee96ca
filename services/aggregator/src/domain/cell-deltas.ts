import type { RollupInterval } from '@callrecords/contracts';

import { bucketStartFor } from './buckets';
import { baseCellOf, MEASURES } from './cells';
import type { Measure } from './cells';
import { contributionId } from './contribution-plan';
import type { ContributionDocument } from './contribution-plan';
import type { BucketKey } from './rollup-documents';

/** Where a consumed message sits: `topic/partition` and its offset. */
export interface SourcePosition {
  readonly partitionKey: string;
  readonly offset: number;
}

/** Signed measure changes per cell (histogram cells included), in MEASURES order. */
export type CellChanges = Map<string, number[]>;

/** What one message changes in one rollup document. */
export interface DocumentChange extends SourcePosition {
  readonly cells: CellChanges;
}

/** Every change a batch makes to one rollup document (one bucket × one base cell). */
export interface DocumentDelta {
  readonly bucket: BucketKey;
  /** `metric␟dimension␟value`: the rollup document. */
  readonly baseCell: string;
  readonly changes: DocumentChange[];
}

export interface DeltaPlan {
  /** By `tenant|interval|bucketStart|baseCell`. */
  readonly deltas: ReadonlyMap<string, DocumentDelta>;
  /** The new stored contribution of every record whose state moved (written after the rollups). */
  readonly writes: readonly ContributionDocument[];
  /** Per input: whether it changed its record's state (false: duplicate, older or no bucket). */
  readonly changed: readonly boolean[];
  /** The last offset of the batch per partition: rollup documents written include everything up to it. */
  readonly through: Readonly<Record<string, number>>;
}

const INTERVALS: readonly RollupInterval[] = ['hour', 'day'];

/**
 * The deltas of a batch, in offset order per record: a version above the record's current one adds
 * its contribution and takes the current one out (at that message's offset); an older or equal one
 * changes nothing. `stored` is each record's state before the batch. Pure.
 */
export function planDeltas(
  items: readonly { readonly position: SourcePosition; readonly doc?: ContributionDocument }[],
  stored: ReadonlyMap<string, ContributionDocument>,
): DeltaPlan {
  const current = new Map(stored);
  const moved = new Set<string>();
  const deltas = new Map<string, DocumentDelta>();
  const through: Record<string, number> = {};
  const changed = items.map(({ position, doc }) => {
    const { partitionKey, offset } = position;
    through[partitionKey] = Math.max(through[partitionKey] ?? -1, offset);
    if (!doc) {
      return false;
    }
    const id = contributionId(doc);
    const previous = current.get(id);
    if (previous && previous.version >= doc.version) {
      return false;
    }
    const changes = new Map<string, PendingChange>();
    addEntries(changes, doc, 1);
    if (previous) {
      addEntries(changes, previous, -1);
    }
    for (const [key, pending] of changes) {
      recordChange(deltas, key, { ...pending, partitionKey, offset });
    }
    current.set(id, doc);
    moved.add(id);
    return true;
  });
  const writes = [...moved].map((id) => current.get(id) as ContributionDocument);
  return { deltas, writes, changed, through };
}

/** The key of a rollup document in a plan. */
export function deltaKey(bucket: BucketKey, baseCell: string): string {
  return `${bucket.tenantId}|${bucket.interval}|${bucket.bucketStart}|${baseCell}`;
}

interface PendingChange {
  readonly bucket: BucketKey;
  readonly baseCell: string;
  readonly cells: CellChanges;
}

function addEntries(
  changes: Map<string, PendingChange>,
  doc: ContributionDocument,
  sign: 1 | -1,
): void {
  for (const interval of INTERVALS) {
    const bucket = { tenantId: doc.tenantId, interval, bucketStart: bucketStartFor(doc, interval) };
    for (const entry of doc.entries) {
      const baseCell = baseCellOf(entry.cell);
      const key = deltaKey(bucket, baseCell);
      let pending = changes.get(key);
      if (!pending) {
        pending = { bucket, baseCell, cells: new Map() };
        changes.set(key, pending);
      }
      let sums = pending.cells.get(entry.cell);
      if (!sums) {
        sums = new Array<number>(MEASURES.length).fill(0);
        pending.cells.set(entry.cell, sums);
      }
      for (let m = 0; m < MEASURES.length; m += 1) {
        sums[m] = (sums[m] as number) + sign * (entry[MEASURES[m] as Measure] ?? 0);
      }
    }
  }
}

function recordChange(
  deltas: Map<string, DocumentDelta>,
  key: string,
  change: PendingChange & SourcePosition,
): void {
  // A version that changes nothing in a document (same cell, same measures) leaves it alone.
  const cells = new Map([...change.cells].filter(([, measures]) => measures.some((v) => v !== 0)));
  if (cells.size === 0) {
    return;
  }
  const existing = deltas.get(key);
  if (existing) {
    existing.changes.push({ partitionKey: change.partitionKey, offset: change.offset, cells });
    return;
  }
  deltas.set(key, {
    bucket: change.bucket,
    baseCell: change.baseCell,
    changes: [{ partitionKey: change.partitionKey, offset: change.offset, cells }],
  });
}
