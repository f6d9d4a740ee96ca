import { classifyStreamQuality, collectMediaStreams } from '@callrecords/call-quality';
import type { CallRecord, DirectRoutingLogRow, PstnCallLogRow } from '@callrecords/contracts';

import type { AggregatorEvent } from '../src/rollups/to-contribution';
import { finishDocument } from './oracle-documents';
import type { OracleCell } from './oracle-documents';

// The brute-force oracle of the exactness tests, written from the Graph records and the rollup
// contract (libs/contracts/src/indexes/rollups.ts) alone: no aggregator code. It keeps the latest
// version of each record or row, then counts with plain arithmetic. Stream classification (poor or
// not, media type) is the shared rule of @callrecords/call-quality, which has its own specs.

const HOUR_MS = 3_600_000;

interface Count {
  readonly at: string | null | undefined;
  readonly metric: string;
  readonly cells: readonly (readonly [string, string])[];
  readonly measures: Readonly<Record<string, number>>;
  readonly samples?: Readonly<Record<string, readonly number[]>>;
}

/** The expected rollup documents (only cells with something counted), by `_id` + metric. */
export function oracleRollups(
  events: readonly AggregatorEvent[],
  sites: ReadonlyMap<string, string> = new Map(),
): Map<string, Record<string, unknown>> {
  const cells = new Map<string, OracleCell>();
  for (const event of latestEvents(events)) {
    for (const count of countsOf(event, sites)) {
      addCount(cells, event.tenantId, count);
    }
  }
  return new Map(
    [...cells].flatMap(([key, cell]) => {
      const doc = finishDocument(cell);
      return doc ? [[key, doc]] : [];
    }),
  );
}

/** The highest version of each record or row (the first one seen on a tie). */
export function latestEvents(events: readonly AggregatorEvent[]): AggregatorEvent[] {
  const latest = new Map<string, { version: number; event: AggregatorEvent }>();
  for (const event of events) {
    const [id, version] = identity(event);
    if ((latest.get(id)?.version ?? -Infinity) < version) {
      latest.set(id, { version, event });
    }
  }
  return [...latest.values()].map((l) => l.event);
}

function addCount(cells: Map<string, OracleCell>, tenantId: string, count: Count): void {
  const ms = count.at ? Date.parse(count.at) : NaN;
  if (!Number.isFinite(ms)) {
    return;
  }
  for (const [interval, size] of [
    ['hour', HOUR_MS],
    ['day', 24 * HOUR_MS],
  ] as const) {
    const bucketStart = new Date(Math.floor(ms / size) * size).toISOString();
    for (const [dimension, value] of count.cells) {
      const key = `${tenantId}|${interval}|${bucketStart}|${dimension}|${value}${count.metric}`;
      const cell = cells.get(key) ?? {
        id: { tenantId, interval, bucketStart, metric: count.metric, dimension, value },
        sums: {},
        samples: {},
      };
      for (const [name, n] of Object.entries(count.measures)) {
        cell.sums[name] = (cell.sums[name] ?? 0) + n;
      }
      for (const [name, values] of Object.entries(count.samples ?? {})) {
        cell.samples[name] = [...(cell.samples[name] ?? []), ...values];
      }
      cells.set(key, cell);
    }
  }
}

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

function countsOf(event: AggregatorEvent, sites: ReadonlyMap<string, string>): Count[] {
  switch (event.type) {
    case 'CallRecordFetched':
      return recordCounts(event.payload.callRecord, sites);
    case 'PstnCallRow':
      return [pstnCount(event.payload.row)];
    case 'DirectRoutingCallRow':
      return [directRoutingCount(event.payload.row)];
  }
}

function recordCounts(record: CallRecord, sites: ReadonlyMap<string, string>): Count[] {
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
  const call: Count = {
    at: record.startDateTime,
    metric: 'calls',
    cells: recordCells(record, sites),
    measures: {
      calls: 1,
      durationMs: Number.isFinite(end) && end > start ? end - start : 0,
      classifiedCalls: streams.some((s) => s.quality.classified) ? 1 : 0,
      poorCalls: streams.some((s) => s.quality.poor) ? 1 : 0,
    },
  };
  return [
    call,
    ...streams.map(({ stream, quality }) => ({
      at: record.startDateTime,
      metric: 'streams',
      cells: [
        ['total', 'all'],
        ['mediaType', quality.modality],
      ] as const,
      measures: {
        streams: 1,
        classifiedStreams: quality.classified ? 1 : 0,
        poorStreams: quality.poor ? 1 : 0,
      },
      samples: {
        jitterMs: isoMs(stream.averageJitter),
        packetLossRate:
          typeof stream.averagePacketLossRate === 'number' ? [stream.averagePacketLossRate] : [],
        roundTripMs: isoMs(stream.averageRoundTripTime),
      },
    })),
  ];
}

function recordCells(record: CallRecord, sites: ReadonlyMap<string, string>): [string, string][] {
  const sessions = record.sessions ?? [];
  const agents = sessions
    .flatMap((s) => [
      s.caller,
      s.callee,
      ...(s.segments ?? []).flatMap((g) => [g.caller, g.callee]),
    ])
    .map((e) => (e as { userAgent?: Record<string, unknown> } | null | undefined)?.userAgent);
  const networks = sessions
    .flatMap((s) => (s.segments ?? []).flatMap((g) => g.media ?? []))
    .flatMap((m) => [m.callerNetwork, m.calleeNetwork] as (Record<string, unknown> | null)[]);
  const subnets = distinct(networks.map((n) => n?.['subnet']));
  const dimension = (name: string, values: string[]) =>
    values.map((v): [string, string] => [name, v]);
  return [
    ['total', 'all'],
    ...dimension('callType', orUnknown(distinct([record.type]))),
    ...dimension('modality', orUnknown(distinct(record.modalities ?? []))),
    ...dimension('productFamily', orUnknown(distinct(agents.map((a) => a?.['productFamily'])))),
    ...dimension('platform', orUnknown(distinct(agents.map((a) => a?.['platform'])))),
    ...dimension(
      'networkConnectionType',
      orUnknown(distinct(networks.map((n) => n?.['connectionType']))),
    ),
    ...dimension('subnet', subnets),
    ...dimension('site', distinct(subnets.map((s) => sites.get(s)))),
  ];
}

function pstnCount(row: PstnCallLogRow): Count {
  return {
    at: row.startDateTime ?? row.endDateTime,
    metric: 'pstn',
    cells: [
      ['total', 'all'],
      ['callType', row.callType || 'unknown'],
      ['destinationCountry', row.destinationName || 'unknown'],
      ['user', row.userId || 'unknown'],
      ['currency', row.currency || 'unknown'],
    ],
    measures: {
      calls: 1,
      durationMs: Math.max(0, row.duration ?? 0) * 1000,
      chargeMicros: Math.round((row.charge ?? 0) * 1e6),
    },
  };
}

function directRoutingCount(row: DirectRoutingLogRow): Count {
  const sip = row.finalSipCode ?? undefined;
  return {
    at: row.startDateTime ?? row.inviteDateTime ?? row.failureDateTime ?? row.endDateTime,
    metric: 'direct-routing',
    cells: [
      ['total', 'all'],
      ['trunk', row.trunkFullyQualifiedDomainName || 'unknown'],
      ['finalSipCode', sip === undefined ? 'unknown' : String(sip)],
      ['callType', row.callType || 'unknown'],
    ],
    measures: {
      calls: 1,
      successes: row.successfulCall === true ? 1 : 0,
      failures: row.successfulCall === false ? 1 : 0,
      durationMs: Math.max(0, row.duration ?? 0) * 1000,
    },
  };
}

// ISO 8601 durations as Graph writes them for streams (`PT0.025S`, `PT1M2.5S`), in milliseconds.
function isoMs(value: string | null | undefined): number[] {
  const match = value ? /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(value) : null;
  if (!match) {
    return [];
  }
  const [, h, m, s] = match;
  return [(Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(s ?? 0)) * 1000];
}

function distinct(items: readonly unknown[]): string[] {
  return [
    ...new Set(items.filter((v): v is string => typeof v === 'string' && v.length > 0)),
  ].sort();
}

function orUnknown(items: string[]): string[] {
  return items.length > 0 ? items : ['unknown'];
}
