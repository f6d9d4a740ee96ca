import {
  collectMediaStreams,
  parseIsoDurationMs,
  summarizeCallQuality,
} from '@callrecords/call-quality';
import type { CallRecordLike, MediaStreamLike } from '@callrecords/call-quality';
import { TRUNK_QUALITY_MEASURES } from '@callrecords/contracts';
import type { RollupInterval, TrunkQualityRollupDocument } from '@callrecords/contracts';

// Call quality per Direct Routing trunk (issue #16). A Direct Routing row's `correlationId` is the
// id of its call record (libs/contracts/graph-reference/FACTS.md §3): the join state of one call
// holds the quality of its record (latest version) and its rows (latest fetch each), whichever came
// first. The call counts under every trunk its rows name, in the hour and day of the record's start.
// Pure: the shell stores the states and sums them per cell.

/** The additive quality measures of one call record's streams. */
export interface RecordQuality {
  readonly streams: number;
  readonly classifiedStreams: number;
  readonly poorStreams: number;
  readonly jitterMsSum: number;
  readonly jitterSamples: number;
  readonly roundTripMsSum: number;
  readonly roundTripSamples: number;
  readonly packetLossRateSum: number;
  readonly packetLossSamples: number;
}

/** The measures, in the rollup contract's order. */
export const QUALITY_MEASURES = TRUNK_QUALITY_MEASURES satisfies readonly (keyof RecordQuality)[];

/** No streams: what a call adds before its record is known, and an empty cell's sums. */
export const ZERO_QUALITY = Object.fromEntries(
  QUALITY_MEASURES.map((measure) => [measure, 0]),
) as unknown as RecordQuality;

export interface JoinedRow {
  readonly fetchedAt: string;
  readonly trunk: string | null;
}

export interface TrunkJoinState {
  readonly tenantId: string;
  readonly callRecordId: string;
  readonly record: {
    readonly version: number;
    readonly startDateTime: string | null;
    readonly quality: RecordQuality;
  } | null;
  /** By Direct Routing row id. */
  readonly rows: Readonly<Record<string, JoinedRow>>;
}

export type TrunkJoinInput =
  | {
      readonly kind: 'record';
      readonly tenantId: string;
      readonly callRecordId: string;
      readonly version: number;
      readonly startDateTime: string | null;
      readonly quality: RecordQuality;
    }
  | {
      readonly kind: 'row';
      readonly tenantId: string;
      readonly callRecordId: string;
      readonly rowId: string;
      readonly row: JoinedRow;
    };

export interface TrunkCell {
  readonly tenantId: string;
  readonly interval: RollupInterval;
  readonly bucketStart: string;
  readonly trunk: string;
}

/** Sums every stream of the record: counts as CQD classifies them, metric sums over reporters. */
export function recordQualityOf(record: CallRecordLike): RecordQuality {
  const entries = collectMediaStreams(record);
  const summary = summarizeCallQuality(entries);
  const streams = entries.map((entry) => entry.stream);
  const jitter = sumOf(streams, (s) => parseIsoDurationMs(s.averageJitter));
  const roundTrip = sumOf(streams, (s) => parseIsoDurationMs(s.averageRoundTripTime));
  const loss = sumOf(streams, (s) =>
    typeof s.averagePacketLossRate === 'number' && Number.isFinite(s.averagePacketLossRate)
      ? s.averagePacketLossRate
      : undefined,
  );
  return {
    streams: summary.streams,
    classifiedStreams: summary.classified,
    poorStreams: summary.poor,
    jitterMsSum: jitter.sum,
    jitterSamples: jitter.samples,
    roundTripMsSum: roundTrip.sum,
    roundTripSamples: roundTrip.samples,
    packetLossRateSum: loss.sum,
    packetLossSamples: loss.samples,
  };
}

function sumOf(
  streams: readonly MediaStreamLike[],
  read: (stream: MediaStreamLike) => number | undefined,
): { sum: number; samples: number } {
  const values = streams.map(read).filter((value): value is number => value !== undefined);
  return { sum: values.reduce((total, value) => total + value, 0), samples: values.length };
}

/** The `_id` of a call's join state. */
export function joinKeyOf(input: { readonly tenantId: string; readonly callRecordId: string }) {
  return `${input.tenantId}|${input.callRecordId}`;
}

/**
 * One input applied: a record replaces the stored one when its version is higher; a row replaces
 * its stored fetch when fetched at the same time or later. Anything older changes nothing.
 */
export function applyToJoin(
  state: TrunkJoinState | undefined,
  input: TrunkJoinInput,
): TrunkJoinState {
  const base = state ?? {
    tenantId: input.tenantId,
    callRecordId: input.callRecordId,
    record: null,
    rows: {},
  };
  if (input.kind === 'record') {
    if (base.record && base.record.version >= input.version) {
      return base;
    }
    const { version, startDateTime, quality } = input;
    return { ...base, record: { version, startDateTime, quality } };
  }
  const stored = base.rows[input.rowId];
  if (stored && Date.parse(stored.fetchedAt) > Date.parse(input.row.fetchedAt)) {
    return base;
  }
  return { ...base, rows: { ...base.rows, [input.rowId]: input.row } };
}

/** The distinct trunks the call's rows name, sorted. */
export function trunksOf(state: TrunkJoinState): string[] {
  const trunks = Object.values(state.rows).map((row) => row.trunk);
  return [...new Set(trunks.filter((t): t is string => t !== null && t !== ''))].sort();
}

/** Hour and day bucket starts (UTC) of an ISO time; undefined without a valid time. */
export function bucketStartsOf(
  iso: string | null,
): { readonly hour: string; readonly day: string } | undefined {
  const at = Date.parse(iso ?? '');
  if (!Number.isFinite(at)) {
    return undefined;
  }
  const hour = new Date(at);
  hour.setUTCMinutes(0, 0, 0);
  const day = new Date(hour);
  day.setUTCHours(0);
  return { hour: hour.toISOString(), day: day.toISOString() };
}

/** The cells the call counts in: none until both its record (with a start) and a trunk are known. */
export function cellsOf(state: TrunkJoinState | undefined): TrunkCell[] {
  const buckets = bucketStartsOf(state?.record?.startDateTime ?? null);
  if (!state || !buckets) {
    return [];
  }
  return trunksOf(state).flatMap((trunk) => [
    { tenantId: state.tenantId, interval: 'hour' as const, bucketStart: buckets.hour, trunk },
    { tenantId: state.tenantId, interval: 'day' as const, bucketStart: buckets.day, trunk },
  ]);
}

/** A cell's map key. */
export function cellKeyOf(cell: TrunkCell): string {
  return [cell.tenantId, cell.interval, cell.bucketStart, cell.trunk].join('|');
}

/** The rollup document of a cell from the sums of its calls (zero calls: an empty cell). */
export function trunkQualityDocumentOf(
  cell: TrunkCell,
  calls: number,
  sums: RecordQuality,
): TrunkQualityRollupDocument {
  const mean = (sum: number, samples: number): number | null =>
    samples === 0 ? null : round(sum / samples);
  return {
    ...cell,
    calls,
    ...sums,
    poorStreamRatio:
      sums.classifiedStreams === 0 ? null : round(sums.poorStreams / sums.classifiedStreams),
    averageJitterMs: mean(sums.jitterMsSum, sums.jitterSamples),
    averageRoundTripMs: mean(sums.roundTripMsSum, sums.roundTripSamples),
    averagePacketLossRate: mean(sums.packetLossRateSum, sums.packetLossSamples),
  };
}

// Sums of decimal inputs pick up binary noise; six decimals are below any metric's precision.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
