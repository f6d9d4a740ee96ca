import { hoursEndingAt } from './buckets';
import { zeroMeasures } from './cells';
import type { Measure } from './cells';
import type { CellSums } from './rollup-documents';

/** One hour rollup document reduced to what a window rule reads: its cell and exact sums. */
export interface HourCell {
  readonly hourStart: string;
  readonly cell: string;
  readonly measures: Readonly<Partial<Record<Measure, number>>>;
}

/** The sums per cell over the `windowHours` hours ending with `hourStart`. Pure. */
export function sumWindow(
  cells: readonly HourCell[],
  hourStart: string,
  windowHours: number,
): CellSums {
  const hours = new Set(hoursEndingAt(hourStart, windowHours));
  const sums = new Map<string, Record<Measure, number>>();
  for (const { hourStart: hour, cell, measures } of cells) {
    if (!hours.has(hour)) {
      continue;
    }
    const sum = sums.get(cell) ?? zeroMeasures();
    for (const [measure, value] of Object.entries(measures)) {
      sum[measure as Measure] += value;
    }
    sums.set(cell, sum);
  }
  return sums;
}
