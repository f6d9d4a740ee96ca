import { classifyStreamQuality, collectMediaStreams } from '@callrecords/call-quality';
import { ROLLUP_HISTOGRAM_BOUNDS } from '@callrecords/contracts';
import type { CallRecord, DirectRoutingLogRow, PstnCallLogRow } from '@callrecords/contracts';

import type { AggregatorEvent } from '../src/rollups/to-contribution';

// The brute-force oracle of the exactness tests, written from the Graph records and the rollup
// contract (libs/contracts/src/indexes/rollups.ts) alone: no aggregator code. It keeps the latest
// version of each record or row, then counts with plain arithmetic. Stream classification (poor or
// not, media type) is the shared rule of @callrecords/call-quality, which has its own specs.

type Doc = Record<string, unknown> & { metric: string; dimension: string; value: string };
type Latest = { version: number; event: AggregatorEvent };
const HOUR_MS = 3_600_000;
const HISTOGRAMS = ['jitterMs', 'packetLossRate', 'roundTripMs'] as const;

/** The expected rollup documents (only cells with something counted), by `_id` + metric. */
export function oracleRollups(
  events: readonly AggregatorEvent[],
  sites: ReadonlyMap<string, string> = new Map(),
): Map<string, Doc> {
  const latest = new Map<string, Latest>();
  for (const event of events) {
    const [id, version] = identity(event);
    if ((latest.get(id)?.version ?? -Infinity) < version) {
      latest.set(id, { version, event });
    }
  }
  const docs = new Map<string, Doc>();
  for (const { event } of latest.values()) {
    const add = (
      at: string | null | undefined,
      metric: string,
      cells: [string, string][],
      m: Record<string, number>,
      samples?: Record<string, number[]>,
    ) => {
      const ms = at ? Date.parse(at) : NaN;
      if (!Number.isFinite(ms)) {
        return;
      }
      for (const [interval, size] of [
        ['hour', HOUR_MS],
        ['day', 24 * HOUR_MS],
      ] as const) {
        const bucketStart = new Date(Math.floor(ms / size) * size).toISOString();
        for (const [dimension, value] of cells) {
          const key = `${event.tenantId}|${interval}|${bucketStart}|${dimension}|${value}${metric}`;
          const doc = docs.get(key) ?? {
            tenantId: event.tenantId,
            interval,
            bucketStart,
            metric,
            dimension,
            value,
          };
          for (const [name, n] of Object.entries(m)) {
            doc[name] = ((doc[name] as number | undefined) ?? 0) + n;
          }
          for (const [name, values] of Object.entries(samples ?? {})) {
            doc[`_${name}`] = [...((doc[`_${name}`] as number[] | undefined) ?? []), ...values];
          }
          docs.set(key, doc);
        }
      }
    };
    switch (event.type) {
      case 'CallRecordFetched':
        addRecord(event.payload.callRecord, sites, add);
        break;
      case 'PstnCallRow':
        addPstn(event.payload.row, add);
        break;
      case 'DirectRoutingCallRow':
        addDirectRouting(event.payload.row, add);
        break;
    }
  }
  return new Map([...docs].flatMap(([key, doc]) => (isCounted(doc) ? [[key, finish(doc)]] : [])));
}

type Add = (
  at: string | null | undefined,
  metric: string,
  cells: [string, string][],
  m: Record<string, number>,
  samples?: Record<string, number[]>,
) => void;

function identity(event: AggregatorEvent): [string, number] {
  switch (event.type) {
    case 'CallRecordFetched':
      return [`${event.tenantId}|r|${event.payload.callRecord.id}`, event.payload.version];
    case 'PstnCallRow':
      return [`${event.tenantId}|p|${event.payload.row.id}`, Date.parse(event.payload.fetchedAt)];
    case 'DirectRoutingCallRow':
      return [`${event.tenantId}|d|${event.payload.row.id}`, Date.parse(event.payload.fetchedAt)];
  }
}

function addRecord(record: CallRecord, sites: ReadonlyMap<string, string>, add: Add): void {
  const streams = collectMediaStreams(record).map((e) => ({
    stream: e.stream,
    quality: classifyStreamQuality(
      e.stream,
      e.media,
      e.clientSide ? { clientSide: e.clientSide } : {},
    ),
  }));
  const start = Date.parse(record.startDateTime ?? '');
  const end = Date.parse(record.endDateTime ?? '');
  const agents = (record.sessions ?? [])
    .flatMap((s) => [
      s.caller,
      s.callee,
      ...(s.segments ?? []).flatMap((g) => [g.caller, g.callee]),
    ])
    .map((e) => (e as { userAgent?: Record<string, unknown> } | null)?.userAgent);
  const networks = (record.sessions ?? [])
    .flatMap((s) =>
      (s.segments ?? []).flatMap((g) =>
        (g.media ?? []).flatMap((m) => [m.callerNetwork, m.calleeNetwork]),
      ),
    )
    .map((n) => n as Record<string, unknown> | null | undefined);
  const subnets = values(networks.map((n) => n?.['subnet']));
  const cells: [string, string][] = [
    ['total', 'all'],
    ...orUnknown(values([record.type])).map((v): [string, string] => ['callType', v]),
    ...orUnknown(values(record.modalities ?? [])).map((v): [string, string] => ['modality', v]),
    ...orUnknown(values(agents.map((a) => a?.['productFamily']))).map((v): [string, string] => [
      'productFamily',
      v,
    ]),
    ...orUnknown(values(agents.map((a) => a?.['platform']))).map((v): [string, string] => [
      'platform',
      v,
    ]),
    ...orUnknown(values(networks.map((n) => n?.['connectionType']))).map((v): [string, string] => [
      'networkConnectionType',
      v,
    ]),
    ...subnets.map((v): [string, string] => ['subnet', v]),
    ...values(subnets.map((s) => sites.get(s))).map((v): [string, string] => ['site', v]),
  ];
  add(record.startDateTime, 'calls', cells, {
    calls: 1,
    durationMs: Number.isFinite(end) && end > start ? end - start : 0,
    classifiedCalls: streams.some((s) => s.quality.classified) ? 1 : 0,
    poorCalls: streams.some((s) => s.quality.poor) ? 1 : 0,
  });
  for (const { stream, quality } of streams) {
    const loss = stream.averagePacketLossRate;
    const samples = {
      jitterMs: seconds(stream.averageJitter),
      packetLossRate: typeof loss === 'number' ? [loss] : [],
      roundTripMs: seconds(stream.averageRoundTripTime),
    };
    const m = {
      streams: 1,
      classifiedStreams: quality.classified ? 1 : 0,
      poorStreams: quality.poor ? 1 : 0,
    };
    add(
      record.startDateTime,
      'streams',
      [
        ['total', 'all'],
        ['mediaType', quality.modality],
      ],
      m,
      samples,
    );
  }
}

function addPstn(row: PstnCallLogRow, add: Add): void {
  const cells: [string, string][] = [
    ['total', 'all'],
    ['callType', row.callType || 'unknown'],
    ['destinationCountry', row.destinationName || 'unknown'],
    ['user', row.userId || 'unknown'],
    ['currency', row.currency || 'unknown'],
  ];
  add(row.startDateTime ?? row.endDateTime, 'pstn', cells, {
    calls: 1,
    durationMs: Math.max(0, row.duration ?? 0) * 1000,
    chargeMicros: Math.round((row.charge ?? 0) * 1e6),
  });
}

function addDirectRouting(row: DirectRoutingLogRow, add: Add): void {
  const sip =
    row.finalSipCode === null || row.finalSipCode === undefined
      ? 'unknown'
      : String(row.finalSipCode);
  const cells: [string, string][] = [
    ['total', 'all'],
    ['trunk', row.trunkFullyQualifiedDomainName || 'unknown'],
    ['finalSipCode', sip],
    ['callType', row.callType || 'unknown'],
  ];
  add(
    row.startDateTime ?? row.inviteDateTime ?? row.failureDateTime ?? row.endDateTime,
    'direct-routing',
    cells,
    {
      calls: 1,
      successes: row.successfulCall === true ? 1 : 0,
      failures: row.successfulCall === false ? 1 : 0,
      durationMs: Math.max(0, row.duration ?? 0) * 1000,
    },
  );
}

// ISO 8601 durations as Graph writes them for streams (`PT0.025S`, `PT1M2.5S`), in milliseconds.
function seconds(value: string | null | undefined): number[] {
  const match = value ? /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(value) : null;
  if (!match) {
    return [];
  }
  const [, h, m, s] = match;
  return [(Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000];
}

function values(items: readonly unknown[]): string[] {
  return [
    ...new Set(items.filter((v): v is string => typeof v === 'string' && v.length > 0)),
  ].sort();
}

function orUnknown(items: string[]): string[] {
  return items.length > 0 ? items : ['unknown'];
}

function isCounted(doc: Doc): boolean {
  return ((doc.metric === 'streams' ? doc['streams'] : doc['calls']) as number) > 0;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const n = (doc: Doc, name: string) => (doc[name] as number | undefined) ?? 0;

function finish(doc: Doc): Doc {
  const base = {
    tenantId: doc['tenantId'],
    interval: doc['interval'],
    bucketStart: doc['bucketStart'],
    metric: doc.metric,
    dimension: doc.dimension,
    value: doc.value,
  };
  const minutes = n(doc, 'durationMs') / 60_000;
  switch (doc.metric) {
    case 'calls':
      return {
        ...base,
        calls: n(doc, 'calls'),
        durationMs: n(doc, 'durationMs'),
        minutes,
        classifiedCalls: n(doc, 'classifiedCalls'),
        poorCalls: n(doc, 'poorCalls'),
        poorCallRatio: ratio(n(doc, 'poorCalls'), n(doc, 'classifiedCalls')),
      };
    case 'streams':
      return {
        ...base,
        streams: n(doc, 'streams'),
        classifiedStreams: n(doc, 'classifiedStreams'),
        poorStreams: n(doc, 'poorStreams'),
        poorStreamRatio: ratio(n(doc, 'poorStreams'), n(doc, 'classifiedStreams')),
        ...Object.fromEntries(
          HISTOGRAMS.map((h) => [h, histogram(h, (doc[`_${h}`] as number[] | undefined) ?? [])]),
        ),
      };
    case 'pstn':
      return {
        ...base,
        calls: n(doc, 'calls'),
        durationMs: n(doc, 'durationMs'),
        minutes,
        charge: n(doc, 'chargeMicros') / 1e6,
      };
    default:
      return {
        ...base,
        calls: n(doc, 'calls'),
        successes: n(doc, 'successes'),
        failures: n(doc, 'failures'),
        failureRatio: ratio(n(doc, 'failures'), n(doc, 'successes') + n(doc, 'failures')),
        durationMs: n(doc, 'durationMs'),
        minutes,
      };
  }
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
