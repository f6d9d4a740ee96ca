import type {
  CallRecord,
  CallRecordDocument,
  DirectRoutingCallDocument,
  DirectRoutingLogRow,
  PstnCallDocument,
  PstnCallLogRow,
  RollupDocument,
  StreamDocument,
} from '@callrecords/contracts';

import {
  callRecordDocument,
  directRoutingCallDocument,
  pstnCallDocument,
  rollupDocument,
  streamDocument,
} from './seed-documents';
import type { SeedItem } from './seed-documents';

/** The reference-example builders of @callrecords/testing (passed in: only specs may import it). */
export interface ExampleBuilders {
  readonly aCallRecord: (overrides?: Partial<CallRecord>) => CallRecord;
  readonly aPstnCallRow: (overrides?: Partial<PstnCallLogRow>) => PstnCallLogRow;
  readonly aDirectRoutingRow: (overrides?: Partial<DirectRoutingLogRow>) => DirectRoutingLogRow;
}

export interface TenantData {
  readonly tenantId: string;
  readonly records: readonly CallRecordDocument[];
  readonly streams: readonly StreamDocument[];
  readonly pstnCalls: readonly PstnCallDocument[];
  readonly directRoutingCalls: readonly DirectRoutingCallDocument[];
  readonly rollups: readonly RollupDocument[];
}

export interface Dataset {
  readonly a: TenantData;
  readonly b: TenantData;
  /** An id both tenants have a record with (different content). */
  readonly sharedId: string;
  readonly items: readonly SeedItem[];
}

const BASE_MS = Date.parse('2026-11-20T08:00:00.000Z');
const hour = (n: number): string => new Date(BASE_MS + n * 3_600_000).toISOString();

function record(
  builders: ExampleBuilders,
  tenantId: string,
  entry: { readonly index: number; readonly id: string },
): CallRecordDocument {
  const { index, id } = entry;
  const start = hour(index);
  const durationMs = (index + 1) * 60_000;
  const raw = builders.aCallRecord({
    id,
    version: index + 1,
    type: index % 2 === 0 ? 'groupCall' : 'peerToPeer',
    startDateTime: start,
    endDateTime: new Date(Date.parse(start) + durationMs).toISOString(),
    lastModifiedDateTime: new Date(Date.parse(start) + durationMs + 5_000).toISOString(),
  });
  const poor = index % 3 === 0;
  return callRecordDocument(tenantId, raw, {
    isPoor: poor,
    poorReasons: poor ? ['jitter'] : [],
    classifiedStreamCount: 1,
    poorStreamCount: poor ? 1 : 0,
    worstJitterMs: poor ? 45 : 12,
    averageJitterMs: poor ? 45 : 12,
    networkConnectionTypes: [index % 2 === 0 ? 'wired' : 'wifi'],
    productFamilies: ['teams'],
    feedbackRatings: index === 0 ? ['poor'] : [],
  });
}

function streamsOf(tenantId: string, records: readonly CallRecordDocument[]): StreamDocument[] {
  return records.slice(0, 6).map((doc, index) =>
    streamDocument(tenantId, {
      id: `${doc.id}:s1:seg1:0:${index}`,
      callRecordId: doc.id,
      callType: doc.type,
      sessionId: 's1',
      segmentId: 'seg1',
      streamId: String(1000 + index),
      streamDirection: 'callerToCallee',
      mediaLabel: 'main-audio',
      startDateTime: doc.startDateTime,
      endDateTime: doc.endDateTime,
      durationSeconds: doc.durationSeconds,
      isClassified: true,
      isPoor: doc.isPoor,
      poorReasons: doc.poorReasons,
      audioCodec: 'opus',
      averageJitterMs: doc.averageJitterMs,
      maxJitterMs: 30,
      averageRoundTripTimeMs: 45,
      averagePacketLossRate: 0.002,
      caller: {
        kind: 'participant',
        platform: 'windows',
        productFamily: 'teams',
        userId: 'user-caller',
        userDisplayName: 'Abbie Wilkins',
        userPrincipalName: 'abbie.wilkins@contoso.com',
        device: { captureDeviceName: 'Headset' },
        network: {
          connectionType: 'wired',
          subnet: index % 2 === 0 ? '10.150.0.0' : '10.160.0.0',
          isRelayed: false,
        },
      },
      callee: {
        kind: 'participant',
        platform: 'android',
        device: { captureDeviceName: 'Default input device' },
        network: { connectionType: 'wifi', subnet: '192.168.1.0', isRelayed: true },
      },
    }),
  );
}

function rollupsOf(tenantId: string, scale: number): RollupDocument[] {
  const cell = { tenantId, interval: 'hour' as const, dimension: 'total', value: 'all' };
  const histogram = (p50: number, p95: number) => ({
    counts: [0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    samples: 2,
    p50,
    p95,
  });
  return [0, 1].flatMap((n) => [
    rollupDocument({
      ...cell,
      metric: 'calls',
      bucketStart: hour(n),
      calls: 3 * scale + n,
      durationMs: 180_000 * scale,
      minutes: 3 * scale,
      classifiedCalls: 2 * scale,
      poorCalls: scale,
      poorCallRatio: 0.5,
    }),
    rollupDocument({
      ...cell,
      metric: 'streams',
      bucketStart: hour(n),
      streams: 4 * scale,
      classifiedStreams: 4 * scale,
      poorStreams: scale,
      poorStreamRatio: 0.25,
      jitterMs: histogram(10, 15),
      packetLossRate: { ...histogram(0.005, 0.01), counts: Array<number>(13).fill(0) },
      roundTripMs: { ...histogram(50, 75), counts: Array<number>(14).fill(0) },
    }),
    rollupDocument({
      ...cell,
      metric: 'pstn',
      bucketStart: hour(n),
      calls: scale,
      durationMs: 219_000 * scale,
      minutes: 3.65 * scale,
      charge: 0.25 * scale,
    }),
  ]);
}

function tenantData(
  builders: ExampleBuilders,
  tenantId: string,
  shape: { readonly ids: readonly string[]; readonly scale: number },
): TenantData {
  const { ids, scale } = shape;
  const records = ids.map((id, index) => record(builders, tenantId, { index, id }));
  const fetchedAt = '2026-11-21T00:00:00.000Z';
  const pstnCalls = ids.slice(0, 3).map((id, index) =>
    pstnCallDocument(
      tenantId,
      builders.aPstnCallRow({
        id: `pstn-${id}`,
        startDateTime: hour(index),
        duration: 100 * (index + 1),
        charge: 0.1 * (index + 1),
      }),
      fetchedAt,
    ),
  );
  const directRoutingCalls = ids.slice(0, 2).map((id, index) =>
    directRoutingCallDocument(
      tenantId,
      builders.aDirectRoutingRow({
        id: `dr-${id}`,
        startDateTime: hour(index),
        successfulCall: index === 0,
        finalSipCode: index === 0 ? 0 : 487,
        duration: index === 0 ? 219 : 0,
      }),
      fetchedAt,
    ),
  );
  return {
    tenantId,
    records,
    streams: streamsOf(tenantId, records),
    pstnCalls,
    directRoutingCalls,
    rollups: rollupsOf(tenantId, scale),
  };
}

function seedItems(data: TenantData): SeedItem[] {
  return [
    ...data.records.map((document) => ({ index: 'records' as const, document })),
    ...data.streams.map((document) => ({ index: 'streams' as const, document })),
    ...data.pstnCalls.map((document) => ({ index: 'pstnCalls' as const, document })),
    ...data.directRoutingCalls.map((document) => ({
      index: 'directRoutingCalls' as const,
      document,
    })),
    ...data.rollups.map((rollup) => ({ rollup })),
  ];
}

/** Two tenants: A with 23 records (one is the reference example), B with 5, sharing one id. */
export function buildDataset(
  builders: ExampleBuilders,
  tenants: { a: string; b: string },
): Dataset {
  const sharedId = 'aaaaaaaa-0000-4000-8000-000000000001';
  const exampleId = builders.aCallRecord().id;
  const idsA = [
    exampleId,
    sharedId,
    ...Array.from(
      { length: 21 },
      (_, i) => `a0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ),
  ];
  const idsB = [
    sharedId,
    ...Array.from(
      { length: 4 },
      (_, i) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    ),
  ];
  const a = tenantData(builders, tenants.a, { ids: idsA, scale: 1 });
  const b = tenantData(builders, tenants.b, { ids: idsB, scale: 10 });
  return { a, b, sharedId, items: [...seedItems(a), ...seedItems(b)] };
}
