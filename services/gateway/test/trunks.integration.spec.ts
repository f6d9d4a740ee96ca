import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { aCallRecord, aDirectRoutingRow } from '@callrecords/testing';

import { at, queryData, startGatewayWithIssuer } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';
import { callRecordDocument, directRoutingCallDocument, seed } from './seed-documents';

// Direct Routing rows joined to their call records by correlationId (= the record's id), and call
// quality per trunk from the aggregator's trunk-quality rollup (seeded here as the aggregator writes
// it for these calls: services/aggregator/test/trunk-quality.integration.spec.ts proves that side).
// Expected values are worked out by hand from the seeded cells.

const FETCHED = '2026-11-26T12:00:00.000Z';
const H10 = '2026-11-26T10:00:00.000Z';
const H11 = '2026-11-26T11:00:00.000Z';
const H12 = '2026-11-26T12:00:00.000Z';
const DAY = '2026-11-26T00:00:00.000Z';
const ID = {
  r1: '11111111-1111-4111-8111-111111111111',
  r2: '22222222-2222-4222-8222-222222222222',
  r3: '33333333-3333-4333-8333-333333333333',
};

describe('gateway: Direct Routing joins and trunk quality', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let harness: GatewayHarness;
  let token: string;

  const query = (text: string, variables: Record<string, unknown> = {}) =>
    queryData(harness, { token, query: text, variables });

  beforeAll(async () => {
    ({ simulator, started, harness } = await startGatewayWithIssuer('gwtrunk'));
    const tenant = started.tenantId;
    const record = (id: string, start: string, quality: Record<string, unknown>) => ({
      index: 'records' as const,
      document: callRecordDocument(
        tenant,
        aCallRecord({ id, startDateTime: start, endDateTime: start }),
        quality,
      ),
    });
    const row = (id: string, overrides: Parameters<typeof aDirectRoutingRow>[0]) => ({
      index: 'directRoutingCalls' as const,
      document: directRoutingCallDocument(tenant, aDirectRoutingRow({ id, ...overrides }), FETCHED),
    });
    // One cell of the trunk-quality rollup; the calls' streams have jitter only.
    const cell = (
      [interval, bucketStart, trunk]: ['hour' | 'day', string, string],
      v: { calls: number; streams: number; poor: number; jitterSum: number; mean: number | null },
    ) => ({
      trunkQuality: {
        tenantId: tenant,
        interval,
        bucketStart,
        trunk,
        calls: v.calls,
        streams: v.streams,
        classifiedStreams: v.streams,
        poorStreams: v.poor,
        poorStreamRatio: v.streams === 0 ? null : v.poor / v.streams,
        jitterMsSum: v.jitterSum,
        jitterSamples: v.streams,
        averageJitterMs: v.mean,
        roundTripMsSum: 0,
        roundTripSamples: 0,
        averageRoundTripMs: null,
        packetLossRateSum: 0,
        packetLossSamples: 0,
        averagePacketLossRate: null,
      },
    });
    await seed(harness.openSearch, harness.prefix, [
      record(ID.r1, H10, { isPoor: true, poorStreamCount: 1, classifiedStreamCount: 2 }),
      record(ID.r2, H11, { isPoor: false, poorStreamCount: 0, classifiedStreamCount: 1 }),
      record(ID.r3, H10, { isPoor: true, poorStreamCount: 1, classifiedStreamCount: 1 }),
      // Trunk A: two answered calls with records, one failed call Graph has no record of.
      row('dr-1', {
        correlationId: ID.r1,
        trunkFullyQualifiedDomainName: 'sbc-a.contoso.com',
        startDateTime: H10,
        successfulCall: true,
      }),
      row('dr-2', {
        correlationId: ID.r2,
        trunkFullyQualifiedDomainName: 'sbc-a.contoso.com',
        startDateTime: H11,
        successfulCall: true,
      }),
      row('dr-3', {
        correlationId: '44444444-4444-4444-8444-444444444444',
        trunkFullyQualifiedDomainName: 'sbc-a.contoso.com',
        startDateTime: H11,
        successfulCall: false,
        finalSipCode: 503,
      }),
      // Trunk B: one call.
      row('dr-4', {
        correlationId: ID.r3,
        trunkFullyQualifiedDomainName: 'sbc-b.contoso.com',
        startDateTime: H10,
        successfulCall: true,
      }),
      // r1 (sbc-a, 10:00): streams with jitter 50 (poor) and 10; r2 (sbc-a, 11:00): 20;
      // r3 (sbc-b, 10:00): 70 (poor). A cell emptied by a moved call (12:00) counts for nothing.
      cell(['hour', H10, 'sbc-a.contoso.com'], {
        calls: 1,
        streams: 2,
        poor: 1,
        jitterSum: 60,
        mean: 30,
      }),
      cell(['hour', H11, 'sbc-a.contoso.com'], {
        calls: 1,
        streams: 1,
        poor: 0,
        jitterSum: 20,
        mean: 20,
      }),
      cell(['hour', H12, 'sbc-a.contoso.com'], {
        calls: 0,
        streams: 0,
        poor: 0,
        jitterSum: 0,
        mean: null,
      }),
      cell(['hour', H10, 'sbc-b.contoso.com'], {
        calls: 1,
        streams: 1,
        poor: 1,
        jitterSum: 70,
        mean: 70,
      }),
      cell(['day', DAY, 'sbc-a.contoso.com'], {
        calls: 2,
        streams: 3,
        poor: 1,
        jitterSum: 80,
        mean: 80 / 3,
      }),
    ]);
    token = await harness.token({ tenantId: started.tenantId });
  });

  afterAll(async () => {
    await harness?.close();
    await simulator?.stop();
  });

  it('returns a Direct Routing call with its call record and quality', async () => {
    const result = await query(
      `{ directRoutingCalls(filter: { trunkFullyQualifiedDomainNames: ["sbc-a.contoso.com"] }) {
          items { id correlationId callRecord { id quality { isPoor poorStreamCount } } } } }`,
    );

    const items = at<{ id: string }[]>(result, 'directRoutingCalls', 'items');
    expect([...items].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      {
        id: 'dr-1',
        correlationId: ID.r1,
        callRecord: { id: ID.r1, quality: { isPoor: true, poorStreamCount: 1 } },
      },
      {
        id: 'dr-2',
        correlationId: ID.r2,
        callRecord: { id: ID.r2, quality: { isPoor: false, poorStreamCount: 0 } },
      },
      { id: 'dr-3', correlationId: '44444444-4444-4444-8444-444444444444', callRecord: null },
    ]);
  });

  it('returns a call record with its Direct Routing calls', async () => {
    const result = await query(
      `query($id: ID!) { callRecord(id: $id) { id directRoutingCalls { id trunkFullyQualifiedDomainName } } }`,
      { id: ID.r3 },
    );

    expect(result['callRecord']).toEqual({
      id: ID.r3,
      directRoutingCalls: [{ id: 'dr-4', trunkFullyQualifiedDomainName: 'sbc-b.contoso.com' }],
    });
  });

  it('returns the quality of each trunk over the range and as an hourly series', async () => {
    const result = await query(
      `{ directRoutingTrunkQuality(from: "2026-11-26T00:00:00Z", to: "2026-11-27T00:00:00Z", interval: HOUR) {
          trunk calls failures callsWithStreams truncated
          summary { classifiedCount poorCount poorRatio averageJitterMs }
          series { bucketStart streamCount quality { classifiedCount poorCount poorRatio averageJitterMs } } } }`,
    );

    expect(result['directRoutingTrunkQuality']).toEqual([
      {
        trunk: 'sbc-a.contoso.com',
        calls: 3,
        failures: 1,
        callsWithStreams: 2,
        truncated: false,
        // Streams of r1 and r2: jitter 50 (poor), 10, 20.
        summary: { classifiedCount: 3, poorCount: 1, poorRatio: 1 / 3, averageJitterMs: 80 / 3 },
        series: [
          {
            bucketStart: H10,
            streamCount: 2,
            quality: { classifiedCount: 2, poorCount: 1, poorRatio: 0.5, averageJitterMs: 30 },
          },
          {
            bucketStart: H11,
            streamCount: 1,
            quality: { classifiedCount: 1, poorCount: 0, poorRatio: 0, averageJitterMs: 20 },
          },
        ],
      },
      {
        trunk: 'sbc-b.contoso.com',
        calls: 1,
        failures: 0,
        callsWithStreams: 1,
        truncated: false,
        summary: { classifiedCount: 1, poorCount: 1, poorRatio: 1, averageJitterMs: 70 },
        series: [
          {
            bucketStart: H10,
            streamCount: 1,
            quality: { classifiedCount: 1, poorCount: 1, poorRatio: 1, averageJitterMs: 70 },
          },
        ],
      },
    ]);
  });

  it('reads the day cells for a daily series', async () => {
    const result = await query(
      `{ directRoutingTrunkQuality(from: "2026-11-26T00:00:00Z", to: "2026-11-27T00:00:00Z", interval: DAY, trunks: ["sbc-a.contoso.com"]) {
          trunk callsWithStreams series { bucketStart streamCount quality { poorCount poorRatio averageJitterMs } } } }`,
    );

    expect(result['directRoutingTrunkQuality']).toEqual([
      {
        trunk: 'sbc-a.contoso.com',
        callsWithStreams: 2,
        series: [
          {
            bucketStart: DAY,
            streamCount: 3,
            quality: { poorCount: 1, poorRatio: 1 / 3, averageJitterMs: 80 / 3 },
          },
        ],
      },
    ]);
  });
});
