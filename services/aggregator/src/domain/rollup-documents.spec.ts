import { cellKey, totalCell, zeroMeasures } from './cells';
import { histogramOf, rollupDocuments } from './rollup-documents';

describe(histogramOf.name, () => {
  it('reads p50 and p95 as the upper bound of the bin holding them', () => {
    const counts = [10, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 1];

    const histogram = histogramOf('jitterMs', counts);

    expect(histogram).toEqual({ counts, samples: 20, p50: 5, p95: 100 });
  });

  it('counts the rank from the lowest bin: 3 of 4 samples at or below 10 ms gives p50 10 and p95 20', () => {
    // Samples 4, 8, 9, 18 ms: bins (≤5) 1, (≤10) 2, (≤20) 1. p50 = rank ceil(0.5 × 4) = 2 → bin ≤10;
    // p95 = rank ceil(0.95 × 4) = 4 → bin ≤20.
    const counts = [1, 1, 0, 1, ...new Array<number>(11).fill(0)];

    expect(histogramOf('jitterMs', [1, 2, 0, 1, ...new Array<number>(11).fill(0)])).toMatchObject({
      samples: 4,
      p50: 10,
      p95: 20,
    });
    expect(histogramOf('jitterMs', counts)).toMatchObject({ samples: 3, p50: 10, p95: 20 });
  });

  it('has no percentiles without samples, or in the open last bin', () => {
    expect(histogramOf('jitterMs', new Array<number>(15).fill(0)).p50).toBeNull();
    expect(histogramOf('roundTripMs', [...new Array<number>(13).fill(0), 3]).p95).toBeNull();
  });
});

describe(rollupDocuments.name, () => {
  const bucket = {
    tenantId: 't',
    interval: 'hour',
    bucketStart: '2026-11-20T10:00:00.000Z',
  } as const;

  it('derives minutes and the poor-call ratio from the summed measures', () => {
    const sums = new Map([
      [
        totalCell('calls'),
        { ...zeroMeasures(), calls: 4, durationMs: 150_000, classifiedCalls: 3, poorCalls: 1 },
      ],
    ]);

    const [doc] = rollupDocuments(bucket, sums);

    expect(doc).toEqual({
      ...bucket,
      metric: 'calls',
      dimension: 'total',
      value: 'all',
      calls: 4,
      durationMs: 150_000,
      minutes: 2.5,
      classifiedCalls: 3,
      poorCalls: 1,
      poorCallRatio: 1 / 3,
    });
  });

  it('writes a zero document for a cell everything moved out of', () => {
    const group = cellKey('direct-routing', 'trunk', 'sbc1');

    const [doc] = rollupDocuments(bucket, new Map(), [group]);

    expect(doc).toMatchObject({ calls: 0, successes: 0, failures: 0, failureRatio: null });
  });
});
