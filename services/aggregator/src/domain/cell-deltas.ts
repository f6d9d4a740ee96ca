import type { RollupInterval } from '@callrecords/contracts';

import { bucketsOf, bucketStartFor } from './buckets';
import type { BucketStarts } from './buckets';
import { baseCellOf, MEASURE_INDEX, MEASURES } from './cells';
import type { Entry, Measure } from './cells';
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

/**
 * What the messages of one partition in a batch change in one rollup document, summed: from the
 * message at `offset` (the first that changes it) to the one at `lastOffset`.
 */
export interface DocumentChange extends SourcePosition {
  readonly lastOffset: number;
  readonly cells: CellChanges;
}

/** Every change a batch makes to one rollup document (one bucket × one base cell). */
export interface DocumentDelta {
  readonly key: string;
  readonly bucket: BucketKey;
  /** `metric␟dimension␟value`: the rollup document. */
  readonly baseCell: string;
  /** One per source partition of the batch. */
  readonly changes: readonly DocumentChange[];
}

export interface DeltaPlan {
  /** By `tenant|interval|bucketStart|baseCell`. */
  readonly deltas: ReadonlyMap<string, DocumentDelta>;
  /** The new contribution of every record whose state moved (stored after the rollups). */
  readonly writes: readonly ContributionDocument[];
  /** Per input: whether it changed its record's state (false: duplicate, older or no bucket). */
  readonly changed: readonly boolean[];
  /** The last offset of the batch per partition: rollup documents written include everything up to it. */
  readonly through: Readonly<Record<string, number>>;
  /**
   * The changes to one document of the messages of a partition above `after` only: for a document
   * that already holds the first part of the batch (an earlier try of it stopped at `after`).
   */
  changesAfter(of: {
    readonly key: string;
    readonly part: string;
    readonly after: number;
  }): CellChanges;
}

const INTERVALS: readonly RollupInterval[] = ['hour', 'day'];

interface Step extends SourcePosition {
  readonly doc: ContributionDocument;
  readonly previous: ContributionDocument | undefined;
}

interface MutableChange {
  readonly partitionKey: string;
  offset: number;
  lastOffset: number;
  readonly cells: CellChanges;
}

/**
 * The deltas of a batch, in offset order per record: a version above the record's current one adds
 * its contribution and takes the current one out (at that message's offset); an older or equal one
 * changes nothing. Changes are summed per document and partition. `stored` is each record's state
 * before the batch. Pure.
 */
export function planDeltas(
  items: readonly { readonly position: SourcePosition; readonly doc?: ContributionDocument }[],
  stored: ReadonlyMap<string, ContributionDocument>,
): DeltaPlan {
  const current = new Map(stored);
  const moved = new Set<string>();
  const buckets = new Map<string, BucketSlot>();
  const through: Record<string, number> = {};
  const steps: Step[] = [];
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
    // A later version that adds what the stored one does (Graph bumps a record's version for
    // fields the rollups do not read) is stored, and changes no rollup document.
    if (!previous || !sameContribution(previous, doc)) {
      addDocument(buckets, { doc, sign: 1 }, position);
      if (previous) {
        addDocument(buckets, { doc: previous, sign: -1 }, position);
      }
      steps.push({ partitionKey, offset, doc, previous });
    }
    current.set(id, doc);
    moved.add(id);
    return true;
  });
  const writes = [...moved].map((id) => current.get(id) as ContributionDocument);
  addDays(buckets);
  const deltas = new Map<string, DocumentDelta>();
  for (const slot of buckets.values()) {
    for (const { delta } of slot.documents.values()) {
      deltas.set(delta.key, delta);
    }
  }
  return {
    deltas,
    writes,
    changed,
    through,
    changesAfter: (of) => changesAfter(steps, of),
  };
}

/** Whether two contributions of a record add the same measures to the same cells of one hour. */
function sameContribution(a: ContributionDocument, b: ContributionDocument): boolean {
  return (
    a.hourStart === b.hourStart &&
    a.entries.length === b.entries.length &&
    a.entries.every((entry, i) => sameEntry(entry, b.entries[i] as Entry))
  );
}

// Each entry's own keys (2 to 5), both ways, not all of MEASURES (a missing measure counts as 0).
function sameEntry(a: Entry, b: Entry): boolean {
  return a.cell === b.cell && measuresWithin(a, b) && measuresWithin(b, a);
}

function measuresWithin(a: Entry, b: Entry): boolean {
  for (const key in a) {
    if (MEASURE_INDEX[key] !== undefined && (a[key as Measure] ?? 0) !== (b[key as Measure] ?? 0)) {
      return false;
    }
  }
  return true;
}

/** The key of a rollup document in a plan. */
export function deltaKey(bucket: BucketKey, baseCell: string): string {
  return `${bucket.tenantId}|${bucket.interval}|${bucket.bucketStart}|${baseCell}`;
}

interface DocumentSlot {
  readonly delta: DocumentDelta;
  readonly changes: MutableChange[];
  /** The change of the partition last added to (batches come from one partition). */
  last: MutableChange | undefined;
}

interface BucketSlot {
  readonly bucket: BucketKey;
  readonly documents: Map<string, DocumentSlot>;
}

// Hour documents only: a day document's change is the sum of its hours' changes (addDays).
function addDocument(
  buckets: Map<string, BucketSlot>,
  { doc, sign }: { readonly doc: ContributionDocument; readonly sign: number },
  position: SourcePosition,
): void {
  const slot = slotOf(buckets, {
    tenantId: doc.tenantId,
    interval: 'hour',
    bucketStart: doc.hourStart,
  });
  for (const entry of doc.entries) {
    addTo(changeOf(slot, baseCellOf(entry.cell), position), entry, sign);
  }
}

function slotOf(buckets: Map<string, BucketSlot>, bucket: BucketKey): BucketSlot {
  const bucketKey = `${bucket.tenantId}|${bucket.interval}|${bucket.bucketStart}`;
  let slot = buckets.get(bucketKey);
  if (!slot) {
    slot = { bucket, documents: new Map() };
    buckets.set(bucketKey, slot);
  }
  return slot;
}

/** Adds each hour document's changes to the document of the same cell in the hour's day. */
function addDays(buckets: Map<string, BucketSlot>): void {
  const hours = [...buckets.values()].filter((slot) => slot.bucket.interval === 'hour');
  for (const hour of hours) {
    const { tenantId, bucketStart } = hour.bucket;
    const dayStart = (bucketsOf(bucketStart) as BucketStarts).dayStart;
    const day = slotOf(buckets, { tenantId, interval: 'day', bucketStart: dayStart });
    for (const [baseCell, document] of hour.documents) {
      for (const change of document.changes) {
        mergeInto(changeOf(day, baseCell, change), change);
      }
    }
  }
}

function mergeInto(into: MutableChange, change: MutableChange): void {
  into.lastOffset = Math.max(into.lastOffset, change.lastOffset);
  for (const [cell, sums] of change.cells) {
    const total = into.cells.get(cell);
    if (total) {
      sums.forEach((value, m) => (total[m] = (total[m] as number) + value));
    } else {
      into.cells.set(cell, [...sums]);
    }
  }
}

function changesAfter(
  steps: readonly Step[],
  { key, part: partitionKey, after }: { key: string; part: string; after: number },
): CellChanges {
  const cells: CellChanges = new Map();
  const into = { cells };
  for (const step of steps) {
    if (step.partitionKey !== partitionKey || step.offset <= after) {
      continue;
    }
    forEachEntry(step.doc, (k, entry) => k === key && addTo(into, entry, 1));
    if (step.previous) {
      forEachEntry(step.previous, (k, entry) => k === key && addTo(into, entry, -1));
    }
  }
  return cells;
}

function forEachEntry(doc: ContributionDocument, visit: (key: string, entry: Entry) => void): void {
  for (const interval of INTERVALS) {
    const bucket = { tenantId: doc.tenantId, interval, bucketStart: bucketStartFor(doc, interval) };
    for (const entry of doc.entries) {
      visit(deltaKey(bucket, baseCellOf(entry.cell)), entry);
    }
  }
}

function changeOf(slot: BucketSlot, baseCell: string, position: SourcePosition): MutableChange {
  let document = slot.documents.get(baseCell);
  if (!document) {
    const changes: MutableChange[] = [];
    const key = deltaKey(slot.bucket, baseCell);
    document = { delta: { key, bucket: slot.bucket, baseCell, changes }, changes, last: undefined };
    slot.documents.set(baseCell, document);
  }
  let change = document.last;
  if (change?.partitionKey !== position.partitionKey) {
    change = document.changes.find((c) => c.partitionKey === position.partitionKey);
    if (!change) {
      change = {
        partitionKey: position.partitionKey,
        offset: position.offset,
        lastOffset: position.offset,
        cells: new Map(),
      };
      document.changes.push(change);
    }
    document.last = change;
  }
  if (position.offset > change.lastOffset) {
    change.lastOffset = position.offset;
  }
  if (position.offset < change.offset) {
    change.offset = position.offset;
  }
  return change;
}

function addTo(change: { readonly cells: CellChanges }, entry: Entry, sign: number): void {
  let sums = change.cells.get(entry.cell);
  if (!sums) {
    sums = new Array<number>(MEASURES.length).fill(0);
    change.cells.set(entry.cell, sums);
  }
  // The entry's own keys (2 to 5), not all of MEASURES: this runs for every entry of every record.
  for (const key in entry) {
    const m = MEASURE_INDEX[key];
    const value = entry[key as Measure];
    if (m !== undefined && value !== undefined) {
      sums[m] = (sums[m] as number) + sign * value;
    }
  }
}
