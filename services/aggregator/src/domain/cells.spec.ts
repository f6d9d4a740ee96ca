import {
  baseCellOf,
  cellKey,
  histogramBin,
  histogramCell,
  parseCell,
  sumEntries,
  totalCell,
} from './cells';

const SEP = '\u001f';

describe(cellKey.name, () => {
  it('joins metric, dimension and value with the unit separator', () => {
    expect(cellKey('calls', 'subnet', '10.0.1.0')).toBe(`calls${SEP}subnet${SEP}10.0.1.0`);
    expect(totalCell('pstn')).toBe(`pstn${SEP}total${SEP}all`);
  });
});

describe(parseCell.name, () => {
  it('reads a histogram cell back into its parts', () => {
    const cell = histogramCell(cellKey('streams', 'mediaType', 'audio'), 'jitterMs', 3);

    expect(parseCell(cell)).toEqual({
      metric: 'streams',
      dimension: 'mediaType',
      value: 'audio',
      histogram: { metric: 'jitterMs', bin: 3 },
    });
    expect(baseCellOf(cell)).toBe(`streams${SEP}mediaType${SEP}audio`);
  });

  it('ignores a key with too few parts', () => {
    expect(parseCell(`calls${SEP}total`)).toBeUndefined();
    expect(baseCellOf(`calls${SEP}total${SEP}all`)).toBe(`calls${SEP}total${SEP}all`);
  });
});

describe(histogramBin.name, () => {
  it.each([
    // jitterMs bounds: 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300, 500 (inclusive).
    ['jitterMs', 0, 0],
    ['jitterMs', 5, 0],
    ['jitterMs', 5.001, 1],
    ['jitterMs', 100, 9],
    ['jitterMs', 500, 13],
    ['jitterMs', 501, 14],
    // packetLossRate bounds: 0.001, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, …, 0.5.
    ['packetLossRate', 0.012, 3],
    ['packetLossRate', 0.9, 12],
    ['roundTripMs', 80, 3],
  ] as const)('puts %s %p in bin %p', (metric, value, bin) => {
    expect(histogramBin(metric, value)).toBe(bin);
  });
});

describe(sumEntries.name, () => {
  it('adds every measure per cell, missing measures as zero', () => {
    const total = totalCell('calls');
    const group = cellKey('calls', 'callType', 'groupCall');

    const sums = sumEntries([
      { cell: total, calls: 1, durationMs: 60_000 },
      { cell: total, calls: 1, durationMs: 30_000, poorCalls: 1 },
      { cell: group, calls: 1 },
    ]);

    expect(sums.get(total)).toMatchObject({
      calls: 2,
      durationMs: 90_000,
      poorCalls: 1,
      streams: 0,
    });
    expect(sums.get(group)).toMatchObject({ calls: 1, durationMs: 0 });
  });
});
