import { EMPTY_TRUNK_QUALITY, qualityOfSums, toTrunkQualitySeries } from './trunk-quality';

const sumsAggregation = (values: Record<string, number>) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }]));

describe(toTrunkQualitySeries.name, () => {
  it('reads the sums of each trunk and of each of its buckets', () => {
    const aggregations = {
      trunks: {
        buckets: [
          {
            key: 'sbc1.contoso.com',
            doc_count: 2,
            ...sumsAggregation({ calls: 3, streams: 4, jitterMsSum: 64, jitterSamples: 4 }),
            series: {
              buckets: [
                {
                  key: Date.parse('2026-11-26T10:00:00.000Z'),
                  key_as_string: '2026-11-26T10:00:00.000Z',
                  ...sumsAggregation({ calls: 3, streams: 4, jitterMsSum: 64, jitterSamples: 4 }),
                },
              ],
            },
          },
        ],
      },
    };

    const byTrunk = toTrunkQualitySeries(aggregations);

    expect(byTrunk.get('sbc1.contoso.com')).toEqual({
      total: {
        ...EMPTY_TRUNK_QUALITY.total,
        calls: 3,
        streams: 4,
        jitterMsSum: 64,
        jitterSamples: 4,
      },
      series: [
        {
          bucketStart: '2026-11-26T10:00:00.000Z',
          sums: {
            ...EMPTY_TRUNK_QUALITY.total,
            calls: 3,
            streams: 4,
            jitterMsSum: 64,
            jitterSamples: 4,
          },
        },
      ],
    });
  });
});

describe(qualityOfSums.name, () => {
  it('divides each sum by its own samples, and gives null where there are none', () => {
    const quality = qualityOfSums({
      ...EMPTY_TRUNK_QUALITY.total,
      classifiedStreams: 4,
      poorStreams: 1,
      jitterMsSum: 64,
      jitterSamples: 4,
      roundTripMsSum: 90,
      roundTripSamples: 2,
    });

    expect(quality).toEqual({
      classifiedCount: 4,
      poorCount: 1,
      poorRatio: 0.25,
      averageJitterMs: 16,
      averageRoundTripTimeMs: 45,
      averagePacketLossRate: null,
    });
  });
});
