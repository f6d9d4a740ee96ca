import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { aCallRecord, aDirectRoutingRow } from '@callrecords/testing';

import { at, queryData, startGatewayWithIssuer } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';
import {
  callRecordDocument,
  directRoutingCallDocument,
  seed,
  streamDocument,
} from './seed-documents';

// Direct Routing rows joined to their call records by correlationId (= the record's id), and call
// quality per trunk from the streams of the calls that went through it. Expected values are worked
// out by hand from the seeded streams.

const FETCHED = '2026-11-26T12:00:00.000Z';
const H10 = '2026-11-26T10:00:00.000Z';
const H11 = '2026-11-26T11:00:00.000Z';
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
    const stream = (id: string, callRecordId: string, values: Record<string, unknown>) => ({
      index: 'streams' as const,
      document: streamDocument(tenant, {
        id,
        callRecordId,
        isClassified: true,
        ...values,
      }),
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
      stream('r1-s1', ID.r1, { isPoor: true, startDateTime: H10, averageJitterMs: 50 }),
      stream('r1-s2', ID.r1, { isPoor: false, startDateTime: H10, averageJitterMs: 10 }),
      stream('r2-s1', ID.r2, { isPoor: false, startDateTime: H11, averageJitterMs: 20 }),
      stream('r3-s1', ID.r3, { isPoor: true, startDateTime: H10, averageJitterMs: 70 }),
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
});
