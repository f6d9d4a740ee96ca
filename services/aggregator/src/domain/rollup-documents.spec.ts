import { histogramOf } from './rollup-documents';

describe(histogramOf.name, () => {
  it('reads p50 and p95 as the upper bound of the bin holding them', () => {
    const counts = [10, 0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 1];

    const histogram = histogramOf('jitterMs', counts);

    expect(histogram).toEqual({ counts, samples: 20, p50: 5, p95: 100 });
  });

  it('has no percentiles without samples, or in the open last bin', () => {
    expect(histogramOf('jitterMs', new Array<number>(15).fill(0)).p50).toBeNull();
    expect(histogramOf('roundTripMs', [...new Array<number>(13).fill(0), 3]).p95).toBeNull();
  });
});
