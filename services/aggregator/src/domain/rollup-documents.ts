import { ROLLUP_HISTOGRAM_BOUNDS, ROLLUP_HISTOGRAM_METRICS } from '@callrecords/contracts';
import type {
  RollupDocument,
  RollupHistogram,
  RollupHistogramMetric,
  RollupInterval,
} from '@callrecords/contracts';

import { baseCellOf, parseCell, zeroMeasures } from './cells';
import type { Measure, ParsedCell } from './cells';

export type CellSums = ReadonlyMap<string, Readonly<Record<Measure, number>>>;

/** One bucket of one tenant: the unit the aggregator recomputes. */
export interface BucketKey {
  readonly tenantId: string;
  readonly interval: RollupInterval;
  readonly bucketStart: string;
}

interface CellGroup {
  readonly parsed: ParsedCell;
  readonly measures: Record<Measure, number>;
  readonly histograms: Record<RollupHistogramMetric, number[]>;
}

/**
 * The rollup documents of a bucket from the summed entries of every contribution in it. Cells in
 * `alsoCells` get a document even with no contribution left (zeros), so a retracted value is
 * overwritten rather than left behind.
 */
export function rollupDocuments(
  bucket: BucketKey,
  sums: CellSums,
  alsoCells: Iterable<string> = [],
): RollupDocument[] {
  const groups = new Map<string, CellGroup>();
  for (const cell of [...alsoCells].map(baseCellOf)) {
    groupFor(groups, cell);
  }
  for (const [cell, measures] of sums) {
    const group = groupFor(groups, baseCellOf(cell));
    const histogram = parseCell(cell)?.histogram;
    if (!group) {
      continue;
    }
    if (histogram) {
      const counts = group.histograms[histogram.metric];
      if (counts && histogram.bin >= 0 && histogram.bin < counts.length) {
        counts[histogram.bin] = (counts[histogram.bin] ?? 0) + measures.samples;
      }
      continue;
    }
    for (const [measure, value] of Object.entries(measures)) {
      group.measures[measure as Measure] += value;
    }
  }
  return [...groups.values()].map((group) => toDocument(bucket, group));
}

function groupFor(groups: Map<string, CellGroup>, base: string): CellGroup | undefined {
  const existing = groups.get(base);
  if (existing) {
    return existing;
  }
  const parsed = parseCell(base);
  if (!parsed) {
    return undefined;
  }
  const histograms = Object.fromEntries(
    ROLLUP_HISTOGRAM_METRICS.map((m) => [
      m,
      new Array<number>(ROLLUP_HISTOGRAM_BOUNDS[m].length + 1).fill(0),
    ]),
  ) as Record<RollupHistogramMetric, number[]>;
  const group = { parsed, measures: zeroMeasures(), histograms };
  groups.set(base, group);
  return group;
}

function toDocument(bucket: BucketKey, group: CellGroup): RollupDocument {
  const { metric, dimension, value } = group.parsed;
  const m = group.measures;
  const cell = { ...bucket, dimension, value };
  switch (metric) {
    case 'calls':
      return {
        ...cell,
        metric,
        calls: m.calls,
        durationMs: m.durationMs,
        minutes: minutesOf(m.durationMs),
        classifiedCalls: m.classifiedCalls,
        poorCalls: m.poorCalls,
        poorCallRatio: ratioOf(m.poorCalls, m.classifiedCalls),
      };
    case 'streams':
      return {
        ...cell,
        metric,
        streams: m.streams,
        classifiedStreams: m.classifiedStreams,
        poorStreams: m.poorStreams,
        poorStreamRatio: ratioOf(m.poorStreams, m.classifiedStreams),
        jitterMs: histogramOf('jitterMs', group.histograms.jitterMs),
        packetLossRate: histogramOf('packetLossRate', group.histograms.packetLossRate),
        roundTripMs: histogramOf('roundTripMs', group.histograms.roundTripMs),
      };
    case 'pstn':
      return {
        ...cell,
        metric,
        calls: m.calls,
        durationMs: m.durationMs,
        minutes: minutesOf(m.durationMs),
        charge: m.chargeMicros / 1_000_000,
      };
    case 'direct-routing':
      return {
        ...cell,
        metric,
        calls: m.calls,
        successes: m.successes,
        failures: m.failures,
        failureRatio: ratioOf(m.failures, m.successes + m.failures),
        durationMs: m.durationMs,
        minutes: minutesOf(m.durationMs),
      };
  }
}

export function ratioOf(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

function minutesOf(durationMs: number): number {
  return durationMs / 60_000;
}

/** The histogram with p50/p95 read as the upper bound of the bin that holds them. */
export function histogramOf(
  metric: RollupHistogramMetric,
  counts: readonly number[],
): RollupHistogram {
  const samples = counts.reduce((total, n) => total + n, 0);
  return {
    counts: [...counts],
    samples,
    p50: percentileBound(metric, counts, 0.5),
    p95: percentileBound(metric, counts, 0.95),
  };
}

function percentileBound(
  metric: RollupHistogramMetric,
  counts: readonly number[],
  quantile: number,
): number | null {
  const samples = counts.reduce((total, n) => total + n, 0);
  if (samples === 0) {
    return null;
  }
  const rank = Math.ceil(quantile * samples);
  let seen = 0;
  for (const [bin, n] of counts.entries()) {
    seen += n;
    if (seen >= rank) {
      // The open last bin has no upper bound: the percentile is only known to exceed the last one.
      return ROLLUP_HISTOGRAM_BOUNDS[metric][bin] ?? null;
    }
  }
  return null;
}
