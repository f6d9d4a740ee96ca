import {
  classifyStreamQuality,
  collectMediaStreams,
  parseIsoDurationMs,
} from '@callrecords/call-quality';
import type { CallRecordLike, MediaStreamLike } from '@callrecords/call-quality';
import { ROLLUP_UNKNOWN_VALUE } from '@callrecords/contracts';
import type { RollupHistogramMetric } from '@callrecords/contracts';

import { bucketsOf } from './buckets';
import type { BucketStarts } from './buckets';
import { cellKey, histogramBin, histogramCell, totalCell } from './cells';
import type { Entry } from './cells';

/** What one source record adds to the rollups: its buckets and its entries (pure data). */
export interface Contribution extends BucketStarts {
  readonly entries: readonly Entry[];
}

/** The call-record fields the rollups read (structural: the lenient Graph schema fits it). */
export interface RollupCallRecord extends CallRecordLike {
  readonly type?: string | null;
  readonly modalities?: readonly (string | null)[] | null;
  readonly startDateTime?: string | null;
  readonly endDateTime?: string | null;
}

export interface RecordContributionOptions {
  /** Subnet → site name (AGGREGATOR_SITES); a subnet not listed has no site. */
  readonly sites?: ReadonlyMap<string, string>;
}

/**
 * The contribution of one call record: calls and minutes by type, modality, product family,
 * platform, network connection type, subnet and site; streams, classified and poor streams (CQD) by
 * media type, with histograms of jitter, packet loss and round trip. Undefined without a start time.
 */
export function recordContribution(
  record: RollupCallRecord,
  options: RecordContributionOptions = {},
): Contribution | undefined {
  const buckets = bucketsOf(record.startDateTime);
  if (!buckets) {
    return undefined;
  }
  const streams = classifiedStreams(record);
  return {
    ...buckets,
    entries: [...callEntries(record, streams, options), ...streamEntries(streams)],
  };
}

interface ClassifiedStream {
  readonly stream: MediaStreamLike;
  readonly mediaType: string;
  readonly classified: boolean;
  readonly poor: boolean;
}

function classifiedStreams(record: RollupCallRecord): ClassifiedStream[] {
  return collectMediaStreams(record).map((entry) => {
    const quality = classifyStreamQuality(entry.stream, entry.media, {
      ...(entry.clientSide ? { clientSide: entry.clientSide } : {}),
    });
    return {
      stream: entry.stream,
      mediaType: quality.modality,
      classified: quality.classified,
      poor: quality.poor,
    };
  });
}

function callEntries(
  record: RollupCallRecord,
  streams: readonly ClassifiedStream[],
  options: RecordContributionOptions,
): Entry[] {
  const start = Date.parse(record.startDateTime ?? '');
  const end = Date.parse(record.endDateTime ?? '');
  // A negative or missing duration (end before start, no end yet) counts as zero minutes.
  const durationMs = Number.isFinite(end) && end > start ? end - start : 0;
  const classifiedCalls = streams.some((s) => s.classified) ? 1 : 0;
  const poorCalls = streams.some((s) => s.poor) ? 1 : 0;
  const endpoints = endpointsOf(record);
  const networks = networksOf(record);
  const subnets = distinct(networks.map((n) => stringOf(n, 'subnet')));
  const dimensions: [string, string[]][] = [
    ['callType', orUnknown(distinct([record.type]))],
    ['modality', orUnknown(distinct(record.modalities ?? []))],
    ['productFamily', orUnknown(distinct(endpoints.map((e) => stringOf(e, 'productFamily'))))],
    ['platform', orUnknown(distinct(endpoints.map((e) => stringOf(e, 'platform'))))],
    [
      'networkConnectionType',
      orUnknown(distinct(networks.map((n) => stringOf(n, 'connectionType')))),
    ],
    // No `unknown` subnet or site: an alert on "unknown" would say nothing an operator can act on.
    ['subnet', subnets],
    ['site', distinct(subnets.map((subnet) => options.sites?.get(subnet)))],
  ];
  // Object literals of one shape (not spreads): the delta sums read them in a hot loop.
  const entries: Entry[] = [
    { cell: CALLS_TOTAL, calls: 1, durationMs, classifiedCalls, poorCalls },
  ];
  for (const [dimension, values] of dimensions) {
    for (const value of values) {
      const cell = memo(`c${dimension}\u001f${value}`, () => cellKey('calls', dimension, value));
      entries.push({ cell, calls: 1, durationMs, classifiedCalls, poorCalls });
    }
  }
  return entries;
}

const HISTOGRAM_READERS: readonly [
  RollupHistogramMetric,
  (s: MediaStreamLike) => number | undefined,
][] = [
  ['jitterMs', (s) => parseIsoDurationMs(s.averageJitter)],
  [
    'packetLossRate',
    (s) =>
      typeof s.averagePacketLossRate === 'number' && Number.isFinite(s.averagePacketLossRate)
        ? s.averagePacketLossRate
        : undefined,
  ],
  ['roundTripMs', (s) => parseIsoDurationMs(s.averageRoundTripTime)],
];

const CALLS_TOTAL = totalCell('calls');
const STREAMS_TOTAL = totalCell('streams');

// Cell keys repeat across records: built once each. Bounded: dimension values (subnets, sites)
// are open-ended, so the memo is emptied when it grows past this.
const cellKeys = new Map<string, string>();
const MAX_MEMO = 20_000;

function memo(key: string, build: () => string): string {
  let cell = cellKeys.get(key);
  if (cell === undefined) {
    if (cellKeys.size >= MAX_MEMO) {
      cellKeys.clear();
    }
    cell = build();
    cellKeys.set(key, cell);
  }
  return cell;
}

// Histogram cells by base cell, then histogram (HISTOGRAM_READERS order), then bin.
const histogramCells = new Map<string, string[][]>();

function histogramCellOf(base: string, h: number, bin: number): string {
  let byHistogram = histogramCells.get(base);
  if (!byHistogram) {
    byHistogram = HISTOGRAM_READERS.map(() => []);
    histogramCells.set(base, byHistogram);
  }
  const bins = byHistogram[h] as string[];
  let cell = bins[bin];
  if (cell === undefined) {
    cell = histogramCell(
      base,
      (HISTOGRAM_READERS[h] as (typeof HISTOGRAM_READERS)[number])[0],
      bin,
    );
    bins[bin] = cell;
  }
  return cell;
}

// One entry per cell: a call's streams share their total, media-type and most histogram cells
// (both directions of an audio stream), so their counts are summed here, once, rather than carried
// as one entry per stream through the delta sums, the changelog and the local store.
function streamEntries(streams: readonly ClassifiedStream[]): Entry[] {
  const byCell = new Map<string, StreamEntry | HistogramEntry>();
  const bins: (number | undefined)[] = [];
  for (const s of streams) {
    for (let h = 0; h < HISTOGRAM_READERS.length; h += 1) {
      const [name, read] = HISTOGRAM_READERS[h] as (typeof HISTOGRAM_READERS)[number];
      const value = read(s.stream);
      bins[h] = value === undefined ? undefined : histogramBin(name, value);
    }
    const mediaType = memo(`m${s.mediaType}`, () => cellKey('streams', 'mediaType', s.mediaType));
    const classified = s.classified ? 1 : 0;
    const poor = s.poor ? 1 : 0;
    for (const base of [STREAMS_TOTAL, mediaType]) {
      const entry = byCell.get(base) as StreamEntry | undefined;
      if (entry) {
        entry.streams += 1;
        entry.classifiedStreams += classified;
        entry.poorStreams += poor;
      } else {
        byCell.set(base, {
          cell: base,
          streams: 1,
          classifiedStreams: classified,
          poorStreams: poor,
        });
      }
      addHistogramEntries(byCell, base, bins);
    }
  }
  return [...byCell.values()];
}

interface StreamEntry {
  readonly cell: string;
  streams: number;
  classifiedStreams: number;
  poorStreams: number;
}

interface HistogramEntry {
  readonly cell: string;
  samples: number;
}

function addHistogramEntries(
  byCell: Map<string, StreamEntry | HistogramEntry>,
  base: string,
  bins: readonly (number | undefined)[],
): void {
  for (let h = 0; h < HISTOGRAM_READERS.length; h += 1) {
    const bin = bins[h];
    if (bin !== undefined) {
      const cell = histogramCellOf(base, h, bin);
      const entry = byCell.get(cell) as HistogramEntry | undefined;
      if (entry) {
        entry.samples += 1;
      } else {
        byCell.set(cell, { cell, samples: 1 });
      }
    }
  }
}

function endpointsOf(record: RollupCallRecord): unknown[] {
  const sides = (record.sessions ?? []).flatMap((session) => [
    session.caller,
    session.callee,
    ...(session.segments ?? []).flatMap((segment) => [segment.caller, segment.callee]),
  ]);
  return sides.map(
    (endpoint) => (endpoint as { userAgent?: unknown } | null | undefined)?.userAgent,
  );
}

function networksOf(record: RollupCallRecord): unknown[] {
  return (record.sessions ?? []).flatMap((session) =>
    (session.segments ?? []).flatMap((segment) =>
      (segment.media ?? []).flatMap((media) => {
        const m = media as { callerNetwork?: unknown; calleeNetwork?: unknown };
        return [m.callerNetwork, m.calleeNetwork];
      }),
    ),
  );
}

function stringOf(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const field = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.length > 0 ? field : undefined;
}

function distinct(values: readonly (string | null | undefined)[]): string[] {
  const kept: string[] = [];
  for (const v of values) {
    if (typeof v === 'string' && v.length > 0 && !kept.includes(v)) {
      kept.push(v);
    }
  }
  return kept.length > 1 ? kept.sort() : kept;
}

function orUnknown(values: string[]): string[] {
  return values.length > 0 ? values : [ROLLUP_UNKNOWN_VALUE];
}
