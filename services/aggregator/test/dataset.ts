import fc from 'fast-check';

import {
  CallRecordFetchedV1Definition,
  createEvent,
  DirectRoutingCallRowV1Definition,
  PstnCallRowV1Definition,
} from '@callrecords/contracts';
import type { CallRecord, DirectRoutingLogRow, PstnCallLogRow } from '@callrecords/contracts';

import type { AggregatorEvent } from '../src/rollups/to-contribution';

// Generated data sets for the exactness tests: records with several versions (which may move to
// another hour), report rows fetched more than once, every event duplicated and the lot shuffled.

const BASE_MS = Date.parse('2026-11-20T00:00:00.000Z');
const HOUR_MS = 3_600_000;
const seconds = (ms: number) => `PT${(ms / 1000).toFixed(3)}S`;

const streamArb = fc.record({
  label: fc.constantFrom('main-audio', 'main-video', 'applicationsharing-video'),
  jitterMs: fc.integer({ min: 1, max: 120 }),
  lossRate: fc.integer({ min: 0, max: 300 }).map((n) => n / 1000),
  rttMs: fc.integer({ min: 10, max: 1500 }),
  packetUtilization: fc.integer({ min: 100, max: 5000 }),
  frameRate: fc.integer({ min: 0, max: 30 }),
});

const versionArb = fc.record({
  hour: fc.integer({ min: 0, max: 40 }),
  durationMs: fc.integer({ min: 0, max: 2 * HOUR_MS }),
  type: fc.constantFrom('groupCall', 'peerToPeer'),
  modalities: fc.subarray(['audio', 'video', 'screenSharing'], { minLength: 1 }),
  platform: fc.constantFrom('windows', 'macOS', 'android'),
  productFamily: fc.constantFrom('teams', 'skypeForBusiness'),
  connectionType: fc.constantFrom('wired', 'wifi', 'mobile'),
  subnet: fc.constantFrom<string>('10.0.1.0', '10.0.2.0', '10.9.0.0'),
  streams: fc.array(streamArb, { maxLength: 4 }),
});

const recordArb = fc.record({
  id: fc.uuid(),
  versions: fc.array(versionArb, { minLength: 1, maxLength: 3 }),
});

const pstnArb = fc.record({
  id: fc.uuid(),
  fetches: fc.array(
    fc.record({
      hour: fc.integer({ min: 0, max: 40 }),
      callType: fc.constantFrom('user_in', 'user_out'),
      destinationName: fc.constantFrom('United States', 'United Kingdom', null),
      userId: fc.constantFrom('u1', 'u2', 'u3'),
      charge: fc.integer({ min: 0, max: 5000 }).map((n) => n / 100),
      duration: fc.integer({ min: 0, max: 7200 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

const drArb = fc.record({
  id: fc.uuid(),
  fetches: fc.array(
    fc.record({
      hour: fc.integer({ min: 0, max: 40 }),
      trunk: fc.constantFrom('sbc1.contoso.com', 'sbc2.contoso.com'),
      success: fc.boolean(),
      sipCode: fc.constantFrom(0, 404, 486, 503),
      duration: fc.integer({ min: 0, max: 3600 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
});

const datasetArb = fc.record({
  records: fc.array(recordArb, { minLength: 15, maxLength: 30 }),
  pstn: fc.array(pstnArb, { minLength: 5, maxLength: 15 }),
  directRouting: fc.array(drArb, { minLength: 5, maxLength: 15 }),
  order: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 400, maxLength: 400 }),
});

export type Version = typeof versionArb extends fc.Arbitrary<infer T> ? T : never;

export function callRecord(id: string, version: number, v: Version): CallRecord {
  const start = new Date(BASE_MS + v.hour * HOUR_MS + 60_000).toISOString();
  const media = v.streams.map((s) => ({
    label: s.label,
    callerNetwork: { connectionType: v.connectionType, subnet: v.subnet },
    calleeNetwork: { connectionType: 'wired', subnet: null },
    streams: [
      {
        streamDirection: 'callerToCallee',
        averageJitter: seconds(s.jitterMs),
        averageRoundTripTime: seconds(s.rttMs),
        averagePacketLossRate: s.lossRate,
        packetUtilization: s.packetUtilization,
        averageVideoFrameRate: s.label === 'main-audio' ? null : s.frameRate,
        audioCodec: s.label === 'main-audio' ? 'opus' : null,
        videoCodec: s.label === 'main-audio' ? null : 'h264',
      },
    ],
  }));
  const endpoint = {
    '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.clientUserAgent',
      platform: v.platform,
      productFamily: v.productFamily,
    },
  };
  const service = { '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint' };
  return {
    id,
    version,
    type: v.type,
    modalities: v.modalities,
    startDateTime: start,
    endDateTime: new Date(Date.parse(start) + v.durationMs).toISOString(),
    lastModifiedDateTime: new Date(BASE_MS + 100 * HOUR_MS + version * 1000).toISOString(),
    sessions: [
      {
        id: `${id}-s`,
        caller: endpoint,
        callee: service,
        segments: [{ id: `${id}-g`, caller: endpoint, callee: service, media }],
      },
    ],
  };
}

const envelope = (tenantId: string, i: number) => ({
  tenantId,
  correlationId: `test-${i}`,
  occurredAt: new Date(BASE_MS).toISOString(),
  producedAt: new Date(BASE_MS).toISOString(),
});

/** Every event of a seed's data set (versions, re-fetches, duplicates), shuffled. */
export function generateEvents(seed: number, tenantId: string): AggregatorEvent[] {
  const [data] = fc.sample(datasetArb, { seed, numRuns: 1 });
  if (!data) {
    throw new Error('no sample');
  }
  const events: AggregatorEvent[] = [];
  events.push(...recordEvents(data.records, tenantId), ...rowEvents(data, tenantId));
  // Every event twice (a redelivery), then a seeded shuffle: versions arrive in any order.
  const doubled = [...events, ...events];
  return doubled
    .map((event, i) => ({ event, rank: data.order[i % data.order.length] ?? 0, i }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.event);
}

/** A CallRecordFetchedV1 for a one-stream audio call in `subnet` at `hour` (poor: 100 ms jitter). */
export function anAudioCall(
  tenantId: string,
  spec: { id: string; hour: number; subnet: string; poor: boolean },
): AggregatorEvent {
  const record = callRecord(spec.id, 1, {
    hour: spec.hour,
    durationMs: 60_000,
    type: 'peerToPeer',
    modalities: ['audio'],
    platform: 'windows',
    productFamily: 'teams',
    connectionType: 'wired',
    subnet: spec.subnet,
    streams: [
      {
        label: 'main-audio',
        jitterMs: spec.poor ? 100 : 5,
        lossRate: 0,
        rttMs: 50,
        packetUtilization: 1000,
        frameRate: 0,
      },
    ],
  });
  return createEvent(CallRecordFetchedV1Definition, {
    ...envelope(tenantId, 0),
    payload: {
      callRecord: record,
      version: 1,
      lastModifiedDateTime: record.lastModifiedDateTime,
      fetchedAt: new Date(BASE_MS).toISOString(),
      graphRequestCount: 1,
    },
  });
}

/** A PSTN row event. */
export function aPstnRowEvent(
  tenantId: string,
  row: Partial<PstnCallLogRow> & { id: string },
): AggregatorEvent {
  const start = new Date(BASE_MS).toISOString();
  return createEvent(PstnCallRowV1Definition, {
    ...envelope(tenantId, 0),
    payload: {
      row: { startDateTime: start, duration: 60, ...row },
      window: { fromDateTime: start, toDateTime: start },
      fetchedAt: start,
    },
  });
}

/** A Direct Routing row event on `trunk`. */
export function aDirectRoutingRowEvent(
  tenantId: string,
  spec: { id: string; trunk: string; success: boolean },
): AggregatorEvent {
  const start = new Date(BASE_MS).toISOString();
  const row: DirectRoutingLogRow = {
    id: spec.id,
    startDateTime: start,
    trunkFullyQualifiedDomainName: spec.trunk,
    successfulCall: spec.success,
    finalSipCode: spec.success ? 0 : 503,
    callType: 'ByotOut',
    calleeNumber: '+14255550100',
  };
  return createEvent(DirectRoutingCallRowV1Definition, {
    ...envelope(tenantId, 0),
    payload: { row, window: { fromDateTime: start, toDateTime: start }, fetchedAt: start },
  });
}

type Dataset = typeof datasetArb extends fc.Arbitrary<infer T> ? T : never;

function recordEvents(records: Dataset['records'], tenantId: string): AggregatorEvent[] {
  const events: AggregatorEvent[] = [];
  records.forEach((r) =>
    r.versions.forEach((v, i) => {
      const record = callRecord(r.id, i + 1, v);
      events.push(
        createEvent(CallRecordFetchedV1Definition, {
          ...envelope(tenantId, events.length),
          payload: {
            callRecord: record,
            version: record.version,
            lastModifiedDateTime: record.lastModifiedDateTime,
            fetchedAt: new Date(BASE_MS).toISOString(),
            graphRequestCount: 1,
          },
        }),
      );
    }),
  );
  return events;
}

function rowEvents(data: Dataset, tenantId: string): AggregatorEvent[] {
  const events: AggregatorEvent[] = [];
  data.pstn.forEach((r) =>
    r.fetches.forEach((f, i) => {
      const start = new Date(BASE_MS + f.hour * HOUR_MS).toISOString();
      const row: PstnCallLogRow = {
        id: r.id,
        startDateTime: start,
        callType: f.callType,
        destinationName: f.destinationName,
        userId: f.userId,
        charge: f.charge,
        currency: 'USD',
        duration: f.duration,
        calleeNumber: '+14255550100',
      };
      events.push(
        createEvent(PstnCallRowV1Definition, {
          ...envelope(tenantId, events.length),
          payload: {
            row,
            window: { fromDateTime: start, toDateTime: start },
            fetchedAt: new Date(BASE_MS + (i + 1) * 1000).toISOString(),
          },
        }),
      );
    }),
  );
  return [...events, ...directRoutingEvents(data, tenantId)];
}

function directRoutingEvents(data: Dataset, tenantId: string): AggregatorEvent[] {
  const events: AggregatorEvent[] = [];
  data.directRouting.forEach((r) =>
    r.fetches.forEach((f, i) => {
      const start = new Date(BASE_MS + f.hour * HOUR_MS).toISOString();
      const row: DirectRoutingLogRow = {
        id: r.id,
        startDateTime: start,
        trunkFullyQualifiedDomainName: f.trunk,
        successfulCall: f.success,
        finalSipCode: f.sipCode,
        duration: f.duration,
        callType: 'ByotOut',
        calleeNumber: '+14255550100',
      };
      events.push(
        createEvent(DirectRoutingCallRowV1Definition, {
          ...envelope(tenantId, events.length),
          payload: {
            row,
            window: { fromDateTime: start, toDateTime: start },
            fetchedAt: new Date(BASE_MS + (i + 1) * 1000).toISOString(),
          },
        }),
      );
    }),
  );
  return events;
}
