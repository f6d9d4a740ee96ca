import { ROLLUP_HISTOGRAM_BOUNDS } from '@callrecords/contracts';

// The oracle's last step: a counted cell → the contract document (rollups.ts field by field).

/** One cell of the oracle: its identity, summed measures and the raw histogram samples. */
export interface OracleCell {
  readonly id: Readonly<Record<string, string>> & { readonly metric: string };
  readonly sums: Record<string, number>;
  readonly samples: Record<string, number[]>;
}

const HISTOGRAMS = ['jitterMs', 'packetLossRate', 'roundTripMs'] as const;

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

type Sum = (name: string) => number;

// Per metric, the measures of its document from the sums (and, for streams, the raw samples).
const FIELDS: Record<string, (n: Sum, cell: OracleCell) => Record<string, unknown>> = {
  calls: (n) => ({
    calls: n('calls'),
    durationMs: n('durationMs'),
    minutes: n('durationMs') / 60_000,
    classifiedCalls: n('classifiedCalls'),
    poorCalls: n('poorCalls'),
    poorCallRatio: ratio(n('poorCalls'), n('classifiedCalls')),
  }),
  streams: (n, cell) => ({
    streams: n('streams'),
    classifiedStreams: n('classifiedStreams'),
    poorStreams: n('poorStreams'),
    poorStreamRatio: ratio(n('poorStreams'), n('classifiedStreams')),
    ...Object.fromEntries(
      HISTOGRAMS.map((h): [string, unknown] => [h, histogram(h, cell.samples[h] ?? [])]),
    ),
  }),
  pstn: (n) => ({
    calls: n('calls'),
    durationMs: n('durationMs'),
    minutes: n('durationMs') / 60_000,
    charge: n('chargeMicros') / 1e6,
  }),
  'direct-routing': (n) => ({
    calls: n('calls'),
    successes: n('successes'),
    failures: n('failures'),
    failureRatio: ratio(n('failures'), n('successes') + n('failures')),
    durationMs: n('durationMs'),
    minutes: n('durationMs') / 60_000,
  }),
};

/** The contract document of a cell; undefined when nothing is counted in it. */
export function finishDocument(cell: OracleCell): Record<string, unknown> | undefined {
  const n: Sum = (name) => cell.sums[name] ?? 0;
  const fields = FIELDS[cell.id.metric];
  if (!fields || n(cell.id.metric === 'streams' ? 'streams' : 'calls') === 0) {
    return undefined;
  }
  return { ...cell.id, ...fields(n, cell) };
}

/**
 * A histogram from the raw samples: bin i holds values in (bound[i-1], bound[i]], the last bin the
 * rest; p50/p95 are the upper bound of the bin holding the ceil(q × n)-th smallest sample.
 */
export function histogram(metric: (typeof HISTOGRAMS)[number], samples: readonly number[]) {
  const bounds: readonly number[] = ROLLUP_HISTOGRAM_BOUNDS[metric];
  const binOf = (v: number) => bounds.filter((b) => b < v).length;
  const counts = new Array<number>(bounds.length + 1).fill(0);
  samples.forEach((v) => (counts[binOf(v)] = (counts[binOf(v)] ?? 0) + 1));
  const sorted = [...samples].sort((a, b) => a - b);
  const percentile = (q: number) => {
    const value = sorted[Math.ceil(q * sorted.length) - 1];
    return value === undefined ? null : (bounds[binOf(value)] ?? null);
  };
  return { counts, samples: samples.length, p50: percentile(0.5), p95: percentile(0.95) };
}
