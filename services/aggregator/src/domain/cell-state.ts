import type { RollupDocument } from '@callrecords/contracts';

import { MEASURES, zeroMeasures } from './cells';
import type { Measure } from './cells';
import type { CellChanges, DocumentChange } from './cell-deltas';
import { rollupDocuments } from './rollup-documents';
import type { BucketKey, CellSums } from './rollup-documents';

/**
 * What a rollup document carries for the aggregator: exact integer sums per cell (histogram bins
 * included) and, per source partition, the last offset whose changes are in them.
 */
export interface CellState {
  readonly applied: Readonly<Record<string, number>>;
  readonly sums: Readonly<Record<string, Readonly<Partial<Record<Measure, number>>>>>;
}

const EMPTY: CellState = { applied: {}, sums: {} };

/**
 * Adds the changes not yet in `state` and moves the applied offsets of the partitions it took
 * changes from to `through`. A change whose messages are all above the applied offset of its
 * partition is added whole; one the document holds up to some offset inside it (an earlier try of
 * the batch stopped there) is added from `changesAfter` that offset. Undefined when nothing is left
 * to add or the additions sum to zero: a redelivered batch then writes nothing. Pure.
 */
export function applyChanges(
  state: CellState | undefined,
  changes: readonly DocumentChange[],
  batch: {
    /** The last offset of the batch per partition. */
    readonly through: Readonly<Record<string, number>>;
    readonly changesAfter: (partitionKey: string, after: number) => CellChanges;
  },
): CellState | undefined {
  const { through, changesAfter } = batch;
  const base = state ?? EMPTY;
  const sums: Record<string, Partial<Record<Measure, number>>> = {};
  const applied: Record<string, number> = { ...base.applied };
  let added = false;
  for (const change of changes) {
    const at = base.applied[change.partitionKey] ?? -1;
    if (at >= change.lastOffset) {
      continue;
    }
    const cells = at < change.offset ? change.cells : changesAfter(change.partitionKey, at);
    for (const [cell, measures] of cells) {
      measures.forEach((value, m) => {
        if (value !== 0) {
          const sum = (sums[cell] ??= {});
          const measure = MEASURES[m] as Measure;
          sum[measure] = (sum[measure] ?? 0) + value;
          added = true;
        }
      });
    }
    const last = through[change.partitionKey] ?? change.lastOffset;
    applied[change.partitionKey] = Math.max(at, last);
  }
  if (!added) {
    return undefined;
  }
  for (const [cell, measures] of Object.entries(base.sums)) {
    const sum = (sums[cell] ??= {});
    for (const [measure, value] of Object.entries(measures)) {
      sum[measure as Measure] = (sum[measure as Measure] ?? 0) + value;
    }
  }
  return { applied, sums: withoutZeros(sums) };
}

/** The rollup document of one base cell of a bucket, carrying its state. */
export function rollupDocumentOf(
  bucket: BucketKey,
  baseCell: string,
  state: CellState,
): RollupDocument | undefined {
  const sums: CellSums = new Map(
    Object.entries(state.sums).map(([cell, measures]) => [
      cell,
      { ...zeroMeasures(), ...measures },
    ]),
  );
  const [doc] = rollupDocuments(bucket, sums, [baseCell]);
  return doc && { ...doc, aggregation: { applied: { ...state.applied }, sums: { ...state.sums } } };
}

/** The state a stored rollup document carries (empty for one written before states existed). */
export function cellStateOf(source: Readonly<Record<string, unknown>>): CellState {
  const aggregation = source['aggregation'] as CellState | undefined;
  return aggregation && typeof aggregation === 'object'
    ? { applied: aggregation.applied ?? {}, sums: aggregation.sums ?? {} }
    : EMPTY;
}

function withoutZeros(
  sums: Record<string, Partial<Record<Measure, number>>>,
): Record<string, Partial<Record<Measure, number>>> {
  const kept: Record<string, Partial<Record<Measure, number>>> = {};
  for (const [cell, measures] of Object.entries(sums)) {
    const nonZero = Object.entries(measures).filter(([, v]) => v !== 0);
    if (nonZero.length > 0) {
      kept[cell] = Object.fromEntries(nonZero);
    }
  }
  return kept;
}
