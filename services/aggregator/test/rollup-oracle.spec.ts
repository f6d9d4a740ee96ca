import { anAudioCall, aPstnRowEvent } from './dataset';
import { histogram } from './oracle-documents';
import { oracleRollups } from './rollup-oracle';

// The oracle checked against numbers worked out by hand, so that "equals the oracle" means right.
const TENANT = 't-oracle';
const HOUR = '2026-11-20T05:00:00.000Z';

describe(oracleRollups.name, () => {
  it('counts two audio calls in one hour, one of them poor, under total and subnet', () => {
    const events = [
      anAudioCall(TENANT, { id: 'a', hour: 5, subnet: '10.1.0.0', poor: true }),
      anAudioCall(TENANT, { id: 'b', hour: 5, subnet: '10.2.0.0', poor: false }),
    ];

    const docs = oracleRollups(events, new Map([['10.1.0.0', 'hq']]));

    expect(docs.get(`${TENANT}|hour|${HOUR}|total|allcalls`)).toMatchObject({
      calls: 2,
      durationMs: 120_000,
      minutes: 2,
      classifiedCalls: 2,
      poorCalls: 1,
      poorCallRatio: 0.5,
    });
    expect(docs.get(`${TENANT}|hour|${HOUR}|site|hqcalls`)).toMatchObject({
      calls: 1,
      poorCalls: 1,
    });
    // Jitter 100 ms and 5 ms: bins ≤100 (index 9) and ≤5 (index 0); p50 is the 1st sample's bin.
    expect(docs.get(`${TENANT}|day|2026-11-20T00:00:00.000Z|total|allstreams`)).toMatchObject({
      streams: 2,
      jitterMs: { samples: 2, p50: 5, p95: 100 },
    });
  });

  it('keeps only the latest fetch of a PSTN row, with its charge in exact micro-units', () => {
    const first = aPstnRowEvent(TENANT, { id: 'p', charge: 0.1, currency: 'USD' });
    const later = aPstnRowEvent(TENANT, { id: 'p', charge: 0.2, currency: 'USD' });
    if (later.type !== 'PstnCallRow') {
      throw new Error('expected a PSTN row event');
    }
    const refetched = {
      ...later,
      payload: { ...later.payload, fetchedAt: '2026-11-21T00:00:00.000Z' },
    };

    const docs = oracleRollups([refetched, first]);

    expect(docs.get(`${TENANT}|day|2026-11-20T00:00:00.000Z|currency|USDpstn`)).toMatchObject({
      calls: 1,
      durationMs: 60_000,
      charge: 0.2,
    });
  });
});

describe(histogram.name, () => {
  it('reads percentiles from the sorted samples: 4, 8, 9, 18 ms gives p50 10 and p95 20', () => {
    expect(histogram('jitterMs', [18, 4, 9, 8])).toEqual({
      counts: [1, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      samples: 4,
      p50: 10,
      p95: 20,
    });
  });

  it('has no percentile in the open last bin', () => {
    expect(histogram('roundTripMs', [2500]).p50).toBeNull();
  });
});
