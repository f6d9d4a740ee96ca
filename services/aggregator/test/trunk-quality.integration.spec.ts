import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import {
  createEvent,
  DirectRoutingCallRowV1Definition,
  TrunkQualityRollupDocumentSchema,
  trunkQualityRollupIndexName,
} from '@callrecords/contracts';
import type { MediaStream, TrunkQualityRollupDocument } from '@callrecords/contracts';
import {
  aCallRecord,
  aCallRecordFetched,
  aDirectRoutingRow,
  aMediaStream,
  aSegment,
  aSession,
  EXAMPLE_TENANT_ID,
  waitFor,
} from '@callrecords/testing';

import type { RunningAggregator } from '../src/bootstrap';
import type { AggregatorEvent } from '../src/rollups/to-contribution';
import { trunkJoinIndexName } from '../src/trunk-quality/trunk-quality-indexes.constants';
import { configOf, startInProcess, testEnvironment, TestPipeline } from './aggregator-harness';

// Call quality per Direct Routing trunk against real Kafka and OpenSearch: rows and records arrive
// in either order, a record gets a new version, a row is corrected onto another trunk, and stale
// copies are redelivered. Expected documents are worked out by hand from the streams below
// (aMediaStream: jitter 16 ms, round trip 45 ms, loss 0.002, classified good; POOR: 20 ms, 600 ms,
// 0.01, poor because the round trip exceeds 500 ms, CQD's current audio rule).

const HOUR = '2026-11-20T10:00:00.000Z';
const DAY = '2026-11-20T00:00:00.000Z';
const SBC1 = 'sbc1.contoso.com';
const SBC2 = 'sbc2.contoso.com';
const POOR: Partial<MediaStream> = {
  averageJitter: 'PT0.02S',
  averageRoundTripTime: 'PT0.6S',
  averagePacketLossRate: 0.01,
};
const fetchedAt = (hoursLater: number): string =>
  new Date(Date.parse('2026-11-20T12:00:00.000Z') + hoursLater * 3_600_000).toISOString();

function recordEvent(id: string, version: number, streams: MediaStream[]): AggregatorEvent {
  const segment = aSegment();
  const media = (segment.media ?? []).map((m) => ({ ...m, streams }));
  const minute = id === 'call-a' ? 15 : 40;
  const record = aCallRecord({
    id,
    version,
    startDateTime: `2026-11-20T10:${minute}:00.000Z`,
    endDateTime: `2026-11-20T10:${minute + 5}:00.000Z`,
    sessions: [aSession({ segments: [{ ...segment, media }] })],
  });
  return { ...aCallRecordFetched(record), id: randomUUID() };
}

/** A Direct Routing row of `callRecordId` on `trunk`, fetched `hoursLater` after 12:00. */
function rowEvent(rowId: string, callRecordId: string, at: { trunk: string; hoursLater: number }) {
  const { trunk, hoursLater } = at;
  const row = aDirectRoutingRow({
    id: rowId,
    correlationId: callRecordId,
    trunkFullyQualifiedDomainName: trunk,
    startDateTime: '2026-11-20T10:15:00Z',
  });
  return createEvent(DirectRoutingCallRowV1Definition, {
    id: randomUUID(),
    tenantId: EXAMPLE_TENANT_ID,
    correlationId: randomUUID(),
    occurredAt: '2026-11-20T10:15:00.000Z',
    producedAt: fetchedAt(hoursLater),
    payload: {
      row,
      window: { fromDateTime: HOUR, toDateTime: '2026-11-20T11:00:00.000Z' },
      fetchedAt: fetchedAt(hoursLater),
    },
  });
}

const NO_METRICS = { jitterSamples: 0, roundTripSamples: 0, packetLossSamples: 0 };

/** What a cell must hold, by hand: one good stream per call unless said otherwise. */
function expected(
  interval: 'hour' | 'day',
  trunk: string,
  values: Partial<TrunkQualityRollupDocument>,
): TrunkQualityRollupDocument {
  return {
    tenantId: EXAMPLE_TENANT_ID,
    interval,
    bucketStart: interval === 'hour' ? HOUR : DAY,
    trunk,
    calls: 0,
    streams: 0,
    classifiedStreams: 0,
    poorStreams: 0,
    poorStreamRatio: null,
    jitterMsSum: 0,
    averageJitterMs: null,
    roundTripMsSum: 0,
    averageRoundTripMs: null,
    packetLossRateSum: 0,
    averagePacketLossRate: null,
    ...NO_METRICS,
    ...values,
  };
}

describe('aggregator: call quality per Direct Routing trunk', () => {
  const config = configOf(testEnvironment({ AGGREGATOR_TRUNK_QUALITY_ENABLED: 'true' }));
  const pipeline = new TestPipeline(config);
  const prefix = config.OPENSEARCH_INDEX_PREFIX;
  let aggregator: RunningAggregator | undefined;

  beforeAll(async () => {
    await pipeline.init();
    aggregator = await startInProcess(config);
  });

  afterAll(async () => {
    await aggregator?.close();
    await pipeline.close();
  });

  async function rollups(): Promise<TrunkQualityRollupDocument[]> {
    const indexes = ['hour', 'day'].map((i) => trunkQualityRollupIndexName(i as 'hour', prefix));
    await pipeline.client.indices.refresh({ index: indexes.join(',') });
    const response = await pipeline.client.search({
      index: indexes.join(','),
      body: { size: 100, query: { match_all: {} } },
    });
    const hits = (response.body as unknown as { hits: { hits: { _source: unknown }[] } }).hits;
    return hits.hits
      .map((h) => TrunkQualityRollupDocumentSchema.parse(h._source))
      .sort((a, b) => `${a.interval}${a.trunk}`.localeCompare(`${b.interval}${b.trunk}`));
  }

  async function joinStateOf(callRecordId: string): Promise<Record<string, unknown> | undefined> {
    const response = await pipeline.client
      .get({ index: trunkJoinIndexName(prefix), id: `${EXAMPLE_TENANT_ID}|${callRecordId}` })
      .catch(() => undefined);
    return (response?.body as { _source?: Record<string, unknown> } | undefined)?._source;
  }

  /** The counted cells once they equal `documents` (or when the wait gives up). */
  async function settledOn(
    documents: TrunkQualityRollupDocument[],
  ): Promise<TrunkQualityRollupDocument[]> {
    const counted = async () => (await rollups()).filter((d) => d.calls > 0);
    await waitFor(async () => isDeepStrictEqual(await counted(), documents), {
      timeoutMs: 60_000,
      intervalMs: 500,
      description: 'the trunk-quality rollup of the hand-computed documents',
      // On timeout the assertion below shows the difference.
    }).catch(() => undefined);
    return counted();
  }

  it('counts nothing for a row whose record has not come, nor for a record without rows', async () => {
    await pipeline.produce([
      rowEvent('dr-1', 'call-a', { trunk: SBC1, hoursLater: 0 }),
      recordEvent('call-b', 1, [aMediaStream()]),
    ]);

    await waitFor(async () => (await joinStateOf('call-a')) && (await joinStateOf('call-b')), {
      timeoutMs: 60_000,
      description: 'both halves stored',
    });
    expect((await rollups()).filter((d) => d.calls > 0)).toEqual([]);
  }, 90_000);

  it('joins each half to the other when it comes, whichever came first', async () => {
    await pipeline.produce([
      recordEvent('call-a', 1, [aMediaStream()]),
      rowEvent('dr-2', 'call-b', { trunk: SBC1, hoursLater: 0 }),
    ]);

    // Two calls on sbc1, one good stream each: 16 + 16 ms, 45 + 45 ms, 0.002 + 0.002.
    const twoGoodCalls = {
      calls: 2,
      streams: 2,
      classifiedStreams: 2,
      poorStreamRatio: 0,
      jitterMsSum: 32,
      jitterSamples: 2,
      averageJitterMs: 16,
      roundTripMsSum: 90,
      roundTripSamples: 2,
      averageRoundTripMs: 45,
      packetLossRateSum: 0.004,
      packetLossSamples: 2,
      averagePacketLossRate: 0.002,
    };
    const documents = [expected('day', SBC1, twoGoodCalls), expected('hour', SBC1, twoGoodCalls)];
    expect(await settledOn(documents)).toEqual(documents);
  }, 90_000);

  it('retracts and re-adds when a record gets a new version and a row moves to another trunk', async () => {
    await pipeline.produce([
      recordEvent('call-a', 2, [aMediaStream(), aMediaStream(POOR)]),
      rowEvent('dr-1', 'call-a', { trunk: SBC2, hoursLater: 30 }),
      // Stale copies redelivered last: an older version and an older fetch change nothing.
      recordEvent('call-a', 1, [aMediaStream()]),
      rowEvent('dr-1', 'call-a', { trunk: SBC1, hoursLater: 1 }),
    ]);

    // sbc1 keeps call-b alone (one good stream); sbc2 has call-a v2: a good and a poor stream,
    // jitter (16 + 20) / 2 = 18, round trip (45 + 600) / 2 = 322.5, loss (0.002 + 0.01) / 2 = 0.006.
    const callB = {
      calls: 1,
      streams: 1,
      classifiedStreams: 1,
      poorStreamRatio: 0,
      jitterMsSum: 16,
      jitterSamples: 1,
      averageJitterMs: 16,
      roundTripMsSum: 45,
      roundTripSamples: 1,
      averageRoundTripMs: 45,
      packetLossRateSum: 0.002,
      packetLossSamples: 1,
      averagePacketLossRate: 0.002,
    };
    const callA = {
      calls: 1,
      streams: 2,
      classifiedStreams: 2,
      poorStreams: 1,
      poorStreamRatio: 0.5,
      jitterMsSum: 36,
      jitterSamples: 2,
      averageJitterMs: 18,
      roundTripMsSum: 645,
      roundTripSamples: 2,
      averageRoundTripMs: 322.5,
      packetLossRateSum: 0.012,
      packetLossSamples: 2,
      averagePacketLossRate: 0.006,
    };
    const documents = [
      expected('day', SBC1, callB),
      expected('day', SBC2, callA),
      expected('hour', SBC1, callB),
      expected('hour', SBC2, callA),
    ];
    expect(await settledOn(documents)).toEqual(documents);
  }, 90_000);

  it('stays exact with two replicas writing the same cells at once', async () => {
    const second = await startInProcess(config);
    try {
      // 40 calls on 2026-11-21 10:xx, one good stream each (16 ms, 45 ms, 0.002), rows and records
      // mixed: even calls on sbc3, odd on sbc4 → 20 calls per trunk, every call in the same cells.
      const ids = Array.from({ length: 40 }, (_, i) => `bulk-${i}`);
      const events = ids.flatMap((id, i) => {
        const trunk = i % 2 === 0 ? 'sbc3.contoso.com' : 'sbc4.contoso.com';
        const record = recordEvent(id, 1, [aMediaStream()]) as ReturnType<
          typeof aCallRecordFetched
        >;
        const start = `2026-11-21T10:${String(i).padStart(2, '0')}:00.000Z`;
        const callRecord = { ...record.payload.callRecord, startDateTime: start };
        const moved = { ...record, payload: { ...record.payload, callRecord } };
        return [moved, rowEvent(`row-${id}`, id, { trunk: trunk, hoursLater: 0 })];
      });
      await pipeline.produce(events);

      const twentyGoodCalls = (interval: 'hour' | 'day', trunk: string) => ({
        ...expected(interval, trunk, {}),
        bucketStart: interval === 'hour' ? '2026-11-21T10:00:00.000Z' : '2026-11-21T00:00:00.000Z',
        calls: 20,
        streams: 20,
        classifiedStreams: 20,
        poorStreamRatio: 0,
        jitterMsSum: 320,
        jitterSamples: 20,
        averageJitterMs: 16,
        roundTripMsSum: 900,
        roundTripSamples: 20,
        averageRoundTripMs: 45,
        packetLossRateSum: expect.closeTo(0.04, 9) as unknown as number,
        packetLossSamples: 20,
        averagePacketLossRate: 0.002,
      });
      const bulk = async () =>
        (await rollups()).filter((d) => d.bucketStart.startsWith('2026-11-21'));
      // One read per probe: two reads let an empty first answer (every() of nothing is true) pass
      // with four half-written documents in the second.
      await waitFor(
        async () => {
          const docs = await bulk();
          return docs.length === 4 && docs.every((d) => d.calls === 20);
        },
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          description: 'both trunks at 20 calls',
        },
      ).catch(() => undefined);
      expect(await bulk()).toEqual([
        twentyGoodCalls('day', 'sbc3.contoso.com'),
        twentyGoodCalls('day', 'sbc4.contoso.com'),
        twentyGoodCalls('hour', 'sbc3.contoso.com'),
        twentyGoodCalls('hour', 'sbc4.contoso.com'),
      ]);
    } finally {
      await second.close();
    }
  }, 120_000);
});
