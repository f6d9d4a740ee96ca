import type { RollupDocument } from '@callrecords/contracts';

import { MEASURES, zeroMeasures } from './cells';
import type { Measure } from './cells';
import type { DocumentChange } from './cell-deltas';
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
 * Adds the changes not yet in `state` (offset above its applied offset for that partition) and
 * moves the applied offsets of the partitions it took changes from to `through`. Undefined when
 * every change is already in: a redelivered batch then writes nothing. Pure.
 */
export function applyChanges(
  state: CellState | undefined,
  changes: readonly DocumentChange[],
  through: Readonly<Record<string, number>>,
): CellState | undefined {
  const base = state ?? EMPTY;
  const fresh = changes.filter((c) => c.offset > (base.applied[c.partitionKey] ?? -1));
  if (fresh.length === 0) {
    return undefined;
  }
  const sums: Record<string, Partial<Record<Measure, number>>> = {};
  for (const [cell, measures] of Object.entries(base.sums)) {
    sums[cell] = { ...measures };
  }
  const applied: Record<string, number> = { ...base.applied };
  for (const change of fresh) {
    for (const [cell, measures] of change.cells) {
      const sum = (sums[cell] ??= {});
      measures.forEach((value, m) => {
        const measure = MEASURES[m] as Measure;
        if (value !== 0) {
          sum[measure] = (sum[measure] ?? 0) + value;
        }
      });
    }
    const last = through[change.partitionKey] ?? change.offset;
    applied[change.partitionKey] = Math.max(applied[change.partitionKey] ?? -1, last);
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
