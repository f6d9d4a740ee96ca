import { ROLLUP_HISTOGRAM_BOUNDS, ROLLUP_TOTAL_VALUE } from '@callrecords/contracts';
import type { RollupHistogramMetric, RollupMetric } from '@callrecords/contracts';

// A cell is one measured thing of one bucket: `metric␟dimension␟value` for counts, plus
// `␟histogramMetric␟bin` for one histogram bin. The unit separator never occurs in Graph values.
const SEPARATOR = '\u001f';

/** The integer measures a contribution adds to a cell; every one is summed exactly. */
export const MEASURES = [
  'calls',
  'durationMs',
  'classifiedCalls',
  'poorCalls',
  'streams',
  'classifiedStreams',
  'poorStreams',
  'chargeMicros',
  'successes',
  'failures',
  'samples',
] as const;
export type Measure = (typeof MEASURES)[number];

/** The position of each measure in MEASURES (for sums kept as arrays). */
export const MEASURE_INDEX: Readonly<Record<string, number>> = Object.fromEntries(
  MEASURES.map((measure, m) => [measure, m]),
);
export type Measures = Readonly<Partial<Record<Measure, number>>>;

/** What one source record adds to one cell. */
export interface Entry extends Measures {
  readonly cell: string;
}

export interface ParsedCell {
  readonly metric: RollupMetric;
  readonly dimension: string;
  readonly value: string;
  readonly histogram?: { readonly metric: RollupHistogramMetric; readonly bin: number };
}

export function cellKey(metric: RollupMetric, dimension: string, value: string): string {
  return [metric, dimension, value].join(SEPARATOR);
}

export function totalCell(metric: RollupMetric): string {
  return cellKey(metric, 'total', ROLLUP_TOTAL_VALUE);
}

export function histogramCell(base: string, metric: RollupHistogramMetric, bin: number): string {
  return [base, metric, String(bin)].join(SEPARATOR);
}

/** The parts of a cell key; undefined for a key this version does not know (ignored, not fatal). */
export function parseCell(cell: string): ParsedCell | undefined {
  const [metric, dimension, value, histogram, bin] = cell.split(SEPARATOR);
  if (metric === undefined || dimension === undefined || value === undefined) {
    return undefined;
  }
  const base = { metric: metric as RollupMetric, dimension, value };
  if (histogram === undefined || bin === undefined) {
    return base;
  }
  return { ...base, histogram: { metric: histogram as RollupHistogramMetric, bin: Number(bin) } };
}

// Base cells by cell key: the delta sums ask for every entry of every record. Bounded like the
// cell keys themselves (emptied past this size).
const baseCells = new Map<string, string>();
const MAX_BASE_CELLS = 50_000;

/** The base (non-histogram) cell of a cell key. */
export function baseCellOf(cell: string): string {
  let base = baseCells.get(cell);
  if (base === undefined) {
    if (baseCells.size >= MAX_BASE_CELLS) {
      baseCells.clear();
    }
    base = sliceBaseCell(cell);
    baseCells.set(cell, base);
  }
  return base;
}

function sliceBaseCell(cell: string): string {
  const afterMetric = cell.indexOf(SEPARATOR);
  const afterDimension = afterMetric < 0 ? -1 : cell.indexOf(SEPARATOR, afterMetric + 1);
  const afterValue = afterDimension < 0 ? -1 : cell.indexOf(SEPARATOR, afterDimension + 1);
  return afterValue < 0 ? cell : cell.slice(0, afterValue);
}

/** Index of the histogram bin holding `value`: the first bound ≥ value, else the open last bin. */
export function histogramBin(metric: RollupHistogramMetric, value: number): number {
  const bounds: readonly number[] = ROLLUP_HISTOGRAM_BOUNDS[metric];
  const index = bounds.findIndex((bound) => value <= bound);
  return index === -1 ? bounds.length : index;
}

/** Sums entries per cell (what OpenSearch's aggregation computes, for tests and in-batch merges). */
export function sumEntries(entries: readonly Entry[]): Map<string, Record<Measure, number>> {
  const sums = new Map<string, Record<Measure, number>>();
  for (const entry of entries) {
    const sum = sums.get(entry.cell) ?? zeroMeasures();
    for (const measure of MEASURES) {
      sum[measure] += entry[measure] ?? 0;
    }
    sums.set(entry.cell, sum);
  }
  return sums;
}

export function zeroMeasures(): Record<Measure, number> {
  // A literal, not built from MEASURES: it is called per cell of every rollup document written.
  return {
    calls: 0,
    durationMs: 0,
    classifiedCalls: 0,
    poorCalls: 0,
    streams: 0,
    classifiedStreams: 0,
    poorStreams: 0,
    chargeMicros: 0,
    successes: 0,
    failures: 0,
    samples: 0,
  };
}
