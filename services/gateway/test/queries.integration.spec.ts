import type { CallRecordDocument } from '@callrecords/contracts';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { aCallRecord, aDirectRoutingRow, aPstnCallRow } from '@callrecords/testing';

import { buildDataset } from './dataset';
import type { Dataset } from './dataset';
import { at, queryData, startGatewayWithIssuer } from './gateway-harness';
import type { GatewayHarness, PageOf } from './gateway-harness';
import { seed } from './seed-documents';

const EXAMPLE_ID = 'e523d2ed-2966-4b6b-925b-754a88034cc5';

const RECORD_FIELDS = `
  id version type modalities startDateTime endDateTime durationSeconds lastModifiedDateTime joinWebUrl
  organizer { id displayName userPrincipalName phone }
  participants { ids names userPrincipalNames phoneNumbers }
  participantCount sessionCount segmentCount streamCount
  quality { isPoor poorReasons ruleSet classifiedStreamCount poorStreamCount worstJitterMs averageJitterMs
    worstRoundTripMs averageRoundTripMs worstPacketLossRate averagePacketLossRate worstAudioDegradation averageAudioDegradation }
  platforms productFamilies networkConnectionTypes hasFailure failureStages feedbackRatings isTest`;

describe('gateway queries', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let harness: GatewayHarness;
  let data: Dataset;
  let token: string;

  const query = (text: string, variables: Record<string, unknown> = {}) =>
    queryData(harness, { token, query: text, variables });

  beforeAll(async () => {
    ({ simulator, started, harness } = await startGatewayWithIssuer('gwq'));
    data = buildDataset(
      { aCallRecord, aPstnCallRow, aDirectRoutingRow },
      { a: started.tenantId, b: started.secondTenantId },
    );
    await seed(harness.openSearch, harness.prefix, data.items);
    token = await harness.token({ tenantId: started.tenantId });
  });

  afterAll(async () => {
    await harness?.close();
    await simulator?.stop();
  });

  // The reference example (libs/contracts/graph-reference/examples/get-callrecord-expanded-sessions.json)
  // as dataset.ts seeds it first: index 0, so a groupCall, version 1, 2026-11-20T08:00Z for 60 s, and
  // poor by jitter (45 ms). Expected values are written down from those two files, never from the
  // seeded document, so a wrong mapping in the gateway fails here.
  it('returns the indexed example record field by field', async () => {
    const result = await query(`query($id: ID!) { callRecord(id: $id) { ${RECORD_FIELDS} } }`, {
      id: EXAMPLE_ID,
    });

    expect(result['callRecord']).toEqual({
      id: EXAMPLE_ID,
      version: 1,
      type: 'groupCall',
      modalities: ['audio'],
      startDateTime: '2026-11-20T08:00:00.000Z',
      endDateTime: '2026-11-20T08:01:00.000Z',
      durationSeconds: 60,
      lastModifiedDateTime: '2026-11-20T08:01:05.000Z',
      joinWebUrl: null,
      organizer: {
        id: '821809f5-0000-0000-0000-3b5136c0e777',
        displayName: 'Abbie Wilkins',
        userPrincipalName: null,
        phone: null,
      },
      participants: {
        ids: ['821809f5-0000-0000-0000-3b5136c0e777', 'f69e2c00-0000-0000-0000-185e5f5f5d8a'],
        names: ['Abbie Wilkins', 'Owen Franklin'],
        userPrincipalNames: ['abbie.wilkins@contoso.com', 'owen.franklin@contoso.com'],
        phoneNumbers: [],
      },
      participantCount: 2,
      sessionCount: 1,
      segmentCount: 1,
      streamCount: 1,
      quality: {
        isPoor: true,
        poorReasons: ['jitter'],
        ruleSet: 'cqd-2024-10',
        classifiedStreamCount: 1,
        poorStreamCount: 1,
        worstJitterMs: 45,
        averageJitterMs: 45,
        worstRoundTripMs: null,
        averageRoundTripMs: null,
        worstPacketLossRate: null,
        averagePacketLossRate: null,
        worstAudioDegradation: null,
        averageAudioDegradation: null,
      },
      platforms: ['android', 'windows'],
      productFamilies: ['teams'],
      networkConnectionTypes: ['wired'],
      hasFailure: false,
      failureStages: [],
      feedbackRatings: ['poor'],
      isTest: false,
    });
  });

  it('returns sessions, segments, media and streams as the Graph example has them', async () => {
    const result = await query(
      `query($id: ID!) { callRecord(id: $id) { graphRecord sessions { id modalities startDateTime endDateTime isTest
        caller { kind platform productFamily userAgentHeader userId userDisplayName userPrincipalName }
        callee { kind platform productFamily userPrincipalName }
        segments { id startDateTime endDateTime media { label streams { streamId streamDirection audioCodec
          averageJitter maxJitter averageRoundTripTime averagePacketLossRate packetUtilization } } } } } }`,
      { id: EXAMPLE_ID },
    );

    const gotSession = at<{ segments: unknown[] }>(result, 'callRecord', 'sessions', 0);
    expect(at(result, 'callRecord', 'graphRecord')).toMatchObject({
      id: EXAMPLE_ID,
      version: 1,
      modalities: ['audio'],
    });
    expect(gotSession).toMatchObject({
      id: EXAMPLE_ID,
      modalities: ['audio'],
      startDateTime: '2020-02-25T18:52:21.2169889Z',
      endDateTime: '2020-02-25T18:52:46.7640013Z',
      isTest: false,
      caller: {
        kind: 'participant',
        platform: 'android',
        productFamily: 'skypeForBusiness',
        userAgentHeader: 'RTCC/7.0.0.0 UCWA/7.0.0.0 AndroidLync/6.25.0.27 (SM-G930U Android 8.0.0)',
        userId: '821809f5-0000-0000-0000-3b5136c0e777',
        userDisplayName: 'Abbie Wilkins',
        userPrincipalName: 'abbie.wilkins@contoso.com',
      },
      callee: {
        kind: 'participant',
        platform: 'windows',
        productFamily: 'skypeForBusiness',
        userPrincipalName: 'owen.franklin@contoso.com',
      },
    });
    expect(gotSession.segments).toEqual([
      {
        id: EXAMPLE_ID,
        startDateTime: '2020-02-25T18:52:21.2169889Z',
        endDateTime: '2020-02-25T18:52:46.7640013Z',
        media: [
          {
            label: 'main-audio',
            streams: [
              {
                streamId: '1504545584',
                streamDirection: 'callerToCallee',
                // The example's stream id, direction and jitter; the rest is the good audio
                // stream aMediaStream adds (libs/testing/src/builders.ts).
                audioCodec: 'opus',
                averageJitter: 'PT0.016S',
                maxJitter: 'PT0.03S',
                averageRoundTripTime: 'PT0.045S',
                averagePacketLossRate: 0.002,
                packetUtilization: 2150,
              },
            ],
          },
        ],
      },
    ]);
  });

  it('batches the callRecord lookups of one operation into one search (DataLoader)', async () => {
    const [first, second, third] = data.a.records;
    const before = await searchCount(harness, 'records');

    const result = await query(
      `query($a: ID!, $b: ID!, $c: ID!) { a: callRecord(id: $a) { id } b: callRecord(id: $b) { id } c: callRecord(id: $c) { id } }`,
      { a: first!.id, b: second!.id, c: third!.id },
    );

    expect([at(result, 'a', 'id'), at(result, 'b', 'id'), at(result, 'c', 'id')]).toEqual([
      first!.id,
      second!.id,
      third!.id,
    ]);
    expect((await searchCount(harness, 'records')) - before).toBe(1);
  });

  it('serves lookups selecting different fields in one operation with one search', async () => {
    const [first, second] = data.a.records;
    const before = await searchCount(harness, 'records');

    const result = await query(
      `query($a: ID!, $b: ID!) { a: callRecord(id: $a) { id type } b: callRecord(id: $b) { participantCount quality { isPoor } } }`,
      { a: first!.id, b: second!.id },
    );

    expect(result).toEqual({
      a: { id: first!.id, type: first!.type },
      b: { participantCount: second!.participantCount, quality: { isPoor: second!.isPoor } },
    });
    expect((await searchCount(harness, 'records')) - before).toBe(1);
  });

  it('resolves the call record of every stream of a page with one search', async () => {
    const before = await searchCount(harness, 'records');

    const result = await query(
      `{ streams(first: 6) { items { id callRecordId callRecord { id type } } } }`,
    );

    const items = at<PageOf>(result, 'streams').items;
    expect(items).toHaveLength(6);
    expect(items.map((s) => at(s, 'callRecord', 'id'))).toEqual(
      items.map((s) => s['callRecordId']),
    );
    expect((await searchCount(harness, 'records')) - before).toBe(1);
  });

  it.each([
    ['type', { types: ['groupCall'] }, (d: CallRecordDocument) => d.type === 'groupCall'],
    [
      'poor quality and reason',
      { isPoor: true, poorReasons: ['jitter'] },
      (d: CallRecordDocument) => d.isPoor,
    ],
    [
      'time range',
      { from: '2026-11-20T10:00:00Z', to: '2026-11-20T15:00:00Z' },
      (d: CallRecordDocument) =>
        d.startDateTime >= '2026-11-20T10:00:00.000Z' &&
        d.startDateTime < '2026-11-20T15:00:00.000Z',
    ],
    ['participant UPN', { participantUserPrincipalName: 'owen.franklin@contoso.com' }, () => true],
    ['participant id', { participantId: '821809f5-0000-0000-0000-3b5136c0e777' }, () => true],
    ['unknown participant', { participantPhoneNumber: '+15550000000' }, () => false],
    ['free text on names', { text: 'wilkins' }, () => true],
    [
      'network type',
      { networkConnectionTypes: ['wifi'] },
      (d: CallRecordDocument) => d.networkConnectionTypes.includes('wifi'),
    ],
    [
      'platform',
      { platforms: ['android'] },
      (d: CallRecordDocument) => d.platforms.includes('android'),
    ],
    ['modality', { modalities: ['video'] }, () => false],
  ])('filters call records by %s', async (_name, filter, expected) => {
    const result = await query(
      `query($filter: CallRecordFilterInput) { callRecords(filter: $filter, first: 100) { totalCount items { id } } }`,
      { filter },
    );

    const want = data.a.records
      .filter((d) => expected(d))
      .map((d) => d.id)
      .sort();
    const page = at<PageOf>(result, 'callRecords');
    expect(page.items.map((i) => i.id).sort()).toEqual(want);
    expect(page.totalCount).toBe(want.length);
  });

  it('counts facets over every matching record', async () => {
    const result = await query(
      `{ callRecords(first: 1) { facets { name buckets { value count } } } }`,
    );

    const facets = Object.fromEntries(
      at<PageOf>(result, 'callRecords').facets.map((f) => [f.name, f.buckets]),
    );
    const groupCalls = data.a.records.filter((d) => d.type === 'groupCall').length;
    expect(facets['types']).toEqual(
      expect.arrayContaining([
        { value: 'groupCall', count: groupCalls },
        { value: 'peerToPeer', count: data.a.records.length - groupCalls },
      ]),
    );
    expect(facets['poorReasons']).toEqual([
      { value: 'jitter', count: data.a.records.filter((d) => d.isPoor).length },
    ]);
  });

  it('walks every record exactly once with search_after cursors, newest first', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;

    do {
      const result = await query(
        `query($after: String) { callRecords(first: 4, after: $after) { items { id startDateTime } pageInfo { endCursor hasNextPage } } }`,
        { after },
      );
      const page = at<PageOf>(result, 'callRecords');
      seen.push(...page.items.map((i) => i.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null && pages < 20);

    const expected = [...data.a.records]
      .sort((x, y) => y.startDateTime.localeCompare(x.startDateTime))
      .map((d) => d.id);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(data.a.records.length);
  });

  it('lists sessions of each record when asked, through a fragment too', async () => {
    const result = await query(
      `fragment S on CallRecord { sessions { id } } { callRecords(first: 3) { items { id ...S } } }`,
    );

    const items = at<PageOf>(result, 'callRecords').items;
    expect(items.map((i) => at<unknown[]>(i, 'sessions').length)).toEqual([1, 1, 1]);
  });

  it('sorts by duration ascending', async () => {
    const result = await query(
      `{ callRecords(first: 5, sort: { field: DURATION, direction: ASC }) { items { durationSeconds } } }`,
    );

    const durations = at<PageOf>(result, 'callRecords').items.map((i) => i['durationSeconds']);
    expect(durations).toEqual(
      [...data.a.records.map((d) => d.durationSeconds)].sort((x, y) => x! - y!).slice(0, 5),
    );
  });

  it('returns streams field by field with the quality summary of the slice', async () => {
    const subnet = '10.150.0.0';
    const expected = data.a.streams.filter((s) => s.caller.network.subnet === subnet);

    const result = await query(
      `query($f: StreamFilterInput) { streams(filter: $f, first: 50) { totalCount
        items { id callRecordId modality isPoor poorReasons averageJitterMs averageRoundTripTimeMs averagePacketLossRate
          caller { platform userPrincipalName device { captureDeviceName } network { subnet connectionType isRelayed } }
          callee { network { subnet isRelayed } } }
        summary { classifiedCount poorCount poorRatio averageJitterMs }
        facets { name buckets { value count } } } }`,
      { f: { subnet } },
    );

    const page = at<PageOf>(result, 'streams');
    expect(page.totalCount).toBe(expected.length);
    const byId = new Map(page.items.map((i) => [i.id, i]));
    for (const doc of expected) {
      expect(byId.get(doc.id)).toEqual({
        id: doc.id,
        callRecordId: doc.callRecordId,
        modality: doc.modality,
        isPoor: doc.isPoor,
        poorReasons: doc.poorReasons,
        averageJitterMs: doc.averageJitterMs,
        averageRoundTripTimeMs: doc.averageRoundTripTimeMs,
        averagePacketLossRate: doc.averagePacketLossRate,
        caller: {
          platform: doc.caller.platform,
          userPrincipalName: doc.caller.userPrincipalName,
          device: { captureDeviceName: doc.caller.device.captureDeviceName },
          network: { subnet, connectionType: doc.caller.network.connectionType, isRelayed: false },
        },
        callee: { network: { subnet: doc.callee.network.subnet, isRelayed: true } },
      });
    }
    const poor = expected.filter((s) => s.isPoor).length;
    expect(page.summary).toMatchObject({
      classifiedCount: expected.length,
      poorCount: poor,
      poorRatio: poor / expected.length,
    });
  });

  it('returns PSTN calls with totals over every match', async () => {
    const rows = data.a.pstnCalls;

    const result = await query(
      `{ pstnCalls(first: 2) { items { id callId userPrincipalName startDateTime duration charge currency callType callerNumber calleeNumber destinationName }
        pageInfo { hasNextPage } totals { calls durationSeconds charge currencies { currency calls } } } }`,
    );

    const page = at<PageOf>(result, 'pstnCalls');
    const newest = [...rows].sort((x, y) => y.startDateTime.localeCompare(x.startDateTime))[0]!;
    expect(page.items[0]).toEqual({
      id: newest.id,
      callId: newest.callId,
      userPrincipalName: newest.userPrincipalName,
      startDateTime: newest.startDateTime,
      duration: newest.duration,
      charge: newest.charge,
      currency: newest.currency,
      callType: newest.callType,
      callerNumber: newest.callerNumber,
      calleeNumber: newest.calleeNumber,
      destinationName: newest.destinationName,
    });
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totals.calls).toBe(rows.length);
    expect(page.totals.durationSeconds).toBe(rows.reduce((sum, r) => sum + (r.duration ?? 0), 0));
    expect(page.totals.charge).toBeCloseTo(
      rows.reduce((sum, r) => sum + (r.charge ?? 0), 0),
      6,
    );
    expect(page.totals.currencies).toEqual([{ currency: 'USD', calls: rows.length }]);
  });

  it('returns Direct Routing calls with success and failure totals', async () => {
    const rows = data.a.directRoutingCalls;

    const result = await query(
      `{ directRoutingCalls(first: 10) { items { id successfulCall finalSipCode trunkFullyQualifiedDomainName calleeNumber duration }
        totals { calls successes failures durationSeconds } } }`,
    );

    const page = at<PageOf>(result, 'directRoutingCalls');
    expect(page.items.map((i) => i.id).sort()).toEqual(rows.map((r) => r.id).sort());
    const failed = page.items.find((i) => i['successfulCall'] === false);
    expect(failed).toMatchObject({
      finalSipCode: 487,
      trunkFullyQualifiedDomainName: 'sbc.contoso.com',
    });
    expect(page.totals).toEqual({ calls: 2, successes: 1, failures: 1, durationSeconds: 219 });
  });

  it('returns usage, quality and PSTN time series from the rollups', async () => {
    const range = { interval: 'HOUR', from: '2026-11-20T08:00:00Z', to: '2026-11-20T12:00:00Z' };
    const calls = data.a.rollups.filter((r) => r.metric === 'calls');

    const result = await query(
      `query($interval: RollupInterval!, $from: String!, $to: String!) {
        usageSeries(interval: $interval, from: $from, to: $to) { bucketStart value calls minutes poorCallRatio }
        qualitySeries(interval: $interval, from: $from, to: $to) { bucketStart poorStreamRatio jitterP50Ms jitterP95Ms roundTripP95Ms }
        pstnSeries(interval: $interval, from: $from, to: $to) { bucketStart minutes charge } }`,
      range,
    );

    expect(result['usageSeries']).toEqual(
      calls.map((c) => ({
        bucketStart: c.bucketStart,
        value: 'all',
        calls: c.calls,
        minutes: c.minutes,
        poorCallRatio: 0.5,
      })),
    );
    expect(at(result, 'qualitySeries', 0)).toEqual({
      bucketStart: calls[0]!.bucketStart,
      poorStreamRatio: 0.25,
      jitterP50Ms: 10,
      jitterP95Ms: 15,
      roundTripP95Ms: 75,
    });
    expect(result['pstnSeries']).toHaveLength(2);
    expect(at(result, 'pstnSeries', 0)).toEqual({
      bucketStart: calls[0]!.bucketStart,
      minutes: 3.65,
      charge: 0.25,
    });
  });
});

async function searchCount(harness: GatewayHarness, target: string): Promise<number> {
  const metric = await harness.registry
    .getSingleMetric('callrecords_gateway_search_duration_seconds')
    ?.get();
  const sample = metric?.values.find(
    (v) =>
      (v as { metricName?: string }).metricName ===
        'callrecords_gateway_search_duration_seconds_count' && v.labels['target'] === target,
  );
  return sample?.value ?? 0;
}
