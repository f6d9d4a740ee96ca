import { aCallRecord, aMediaStream, aSegment, aSession } from '@callrecords/testing';
import type { MediaStream } from '@callrecords/contracts';

import {
  applyToJoin,
  bucketStartsOf,
  cellsOf,
  recordQualityOf,
  trunkQualityDocumentOf,
} from './trunk-join';
import type { RecordQuality, TrunkJoinInput } from './trunk-join';

// Expected values are worked out by hand from the example stream (libs/testing aMediaStream:
// averageJitter PT0.016S, averageRoundTripTime PT0.045S, averagePacketLossRate 0.002, packet
// utilization 2,150 → a classified, good audio stream under CQD's current rules) and a second one
// with a 600 ms round trip (> 500 ms → poor).

const TENANT = 'dc368399-474c-4d40-900c-6265431fd81f';
const POOR: Partial<MediaStream> = {
  averageJitter: 'PT0.02S',
  averageRoundTripTime: 'PT0.6S',
  averagePacketLossRate: 0.01,
};

function recordWith(streams: MediaStream[]) {
  const segment = aSegment();
  const media = (segment.media ?? []).map((m) => ({ ...m, streams }));
  return aCallRecord({ sessions: [aSession({ segments: [{ ...segment, media }] })] });
}

const GOOD_AND_POOR: RecordQuality = {
  streams: 2,
  classifiedStreams: 2,
  poorStreams: 1,
  jitterMsSum: 36,
  jitterSamples: 2,
  roundTripMsSum: 645,
  roundTripSamples: 2,
  packetLossRateSum: 0.012,
  packetLossSamples: 2,
};

const record = (version: number, start = '2026-11-20T10:15:00.000Z'): TrunkJoinInput => ({
  kind: 'record',
  tenantId: TENANT,
  callRecordId: 'call-a',
  version,
  startDateTime: start,
  quality: GOOD_AND_POOR,
});
const row = (fetchedAt: string, trunk: string | null, rowId = 'dr-1'): TrunkJoinInput => ({
  kind: 'row',
  tenantId: TENANT,
  callRecordId: 'call-a',
  rowId,
  row: { fetchedAt, trunk },
});

describe(recordQualityOf.name, () => {
  it('counts classified and poor streams and sums each metric over the streams reporting it', () => {
    const quality = recordQualityOf(recordWith([aMediaStream(), aMediaStream(POOR)]));

    // 0.002 + 0.01 in binary floating point: compared to 9 decimals, the rest exactly.
    expect(quality.packetLossRateSum).toBeCloseTo(0.012, 9);
    expect({ ...quality, packetLossRateSum: 0 }).toEqual({
      ...GOOD_AND_POOR,
      packetLossRateSum: 0,
    });
  });

  it('leaves a metric no stream reports out of its samples', () => {
    const quality = recordQualityOf(recordWith([aMediaStream({ averageJitter: null })]));

    expect(quality.jitterSamples).toBe(0);
    expect(quality.jitterMsSum).toBe(0);
    expect(quality.roundTripSamples).toBe(1);
  });
});

describe(applyToJoin.name, () => {
  it('counts a call only once both its record and a trunk are known, in either order', () => {
    const rowFirst = applyToJoin(undefined, row('2026-11-20T12:00:00.000Z', 'sbc1.contoso.com'));
    const recordFirst = applyToJoin(undefined, record(1));

    expect(cellsOf(rowFirst)).toEqual([]);
    expect(cellsOf(recordFirst)).toEqual([]);
    expect(cellsOf(applyToJoin(rowFirst, record(1)))).toEqual(
      cellsOf(applyToJoin(recordFirst, row('2026-11-20T12:00:00.000Z', 'sbc1.contoso.com'))),
    );
  });

  it('counts the call in the hour and day of its record under each trunk of its rows', () => {
    const state = [
      row('2026-11-20T12:00:00.000Z', 'sbc1.contoso.com'),
      row('2026-11-20T12:00:00.000Z', 'sbc2.contoso.com', 'dr-2'),
      record(1),
    ].reduce(applyToJoin, undefined);

    expect(cellsOf(state)).toEqual([
      {
        tenantId: TENANT,
        interval: 'hour',
        bucketStart: '2026-11-20T10:00:00.000Z',
        trunk: 'sbc1.contoso.com',
      },
      {
        tenantId: TENANT,
        interval: 'day',
        bucketStart: '2026-11-20T00:00:00.000Z',
        trunk: 'sbc1.contoso.com',
      },
      {
        tenantId: TENANT,
        interval: 'hour',
        bucketStart: '2026-11-20T10:00:00.000Z',
        trunk: 'sbc2.contoso.com',
      },
      {
        tenantId: TENANT,
        interval: 'day',
        bucketStart: '2026-11-20T00:00:00.000Z',
        trunk: 'sbc2.contoso.com',
      },
    ]);
  });

  it('keeps the higher record version and the latest fetch of a row', () => {
    const state = [
      record(2, '2026-11-20T11:30:00.000Z'),
      record(1),
      row('2026-11-21T12:00:00.000Z', 'sbc2.contoso.com'),
      row('2026-11-20T12:00:00.000Z', 'sbc1.contoso.com'),
    ].reduce(applyToJoin, undefined);

    expect(state?.record?.version).toBe(2);
    expect(cellsOf(state).map((c) => [c.interval, c.bucketStart, c.trunk])).toEqual([
      ['hour', '2026-11-20T11:00:00.000Z', 'sbc2.contoso.com'],
      ['day', '2026-11-20T00:00:00.000Z', 'sbc2.contoso.com'],
    ]);
  });

  it('counts nothing for a row without a trunk', () => {
    const state = [row('2026-11-20T12:00:00.000Z', null), record(1)].reduce(applyToJoin, undefined);

    expect(cellsOf(state)).toEqual([]);
  });
});

describe(bucketStartsOf.name, () => {
  it('gives the UTC hour and day of a time, nothing for no time', () => {
    expect(bucketStartsOf('2026-11-20T23:59:59.999+01:00')).toEqual({
      hour: '2026-11-20T22:00:00.000Z',
      day: '2026-11-20T00:00:00.000Z',
    });
    expect(bucketStartsOf(null)).toBeUndefined();
  });
});

describe(trunkQualityDocumentOf.name, () => {
  const cell = {
    tenantId: TENANT,
    interval: 'hour' as const,
    bucketStart: '2026-11-20T10:00:00.000Z',
    trunk: 'sbc1.contoso.com',
  };

  it('divides the sums by their samples: poor ratio over classified streams, metric means', () => {
    // Two calls: the good-and-poor one above and one good stream (16 ms, 45 ms, 0.002).
    const sums = {
      streams: 3,
      classifiedStreams: 3,
      poorStreams: 1,
      jitterMsSum: 52,
      jitterSamples: 3,
      roundTripMsSum: 690,
      roundTripSamples: 3,
      packetLossRateSum: 0.014,
      packetLossSamples: 3,
    };

    const doc = trunkQualityDocumentOf(cell, 2, sums);

    expect(doc).toMatchObject({
      calls: 2,
      poorStreamRatio: 0.333333,
      averageJitterMs: 17.333333,
      averageRoundTripMs: 230,
      averagePacketLossRate: 0.004667,
    });
  });

  it('has no ratio or means for an empty cell', () => {
    const zero = Object.fromEntries(
      Object.keys(GOOD_AND_POOR).map((key) => [key, 0]),
    ) as unknown as RecordQuality;

    expect(trunkQualityDocumentOf(cell, 0, zero)).toMatchObject({
      calls: 0,
      poorStreamRatio: null,
      averageJitterMs: null,
      averageRoundTripMs: null,
      averagePacketLossRate: null,
    });
  });
});
