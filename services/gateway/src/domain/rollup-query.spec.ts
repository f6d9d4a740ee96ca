import { rollupQuery } from './rollup-query';

const day = { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' };

describe(rollupQuery.name, () => {
  it('selects the dimension, its values and the bucket range', () => {
    const query = rollupQuery(
      { metric: 'calls', interval: 'hour', dimension: 'callType', values: ['groupCall'], ...day },
      'aggregates',
      100,
    );

    expect(query).toEqual({
      bool: {
        filter: [
          {
            range: {
              bucketStart: { gte: '2026-11-20T00:00:00.000Z', lt: '2026-11-21T00:00:00.000Z' },
            },
          },
          { term: { dimension: 'callType' } },
          { terms: { value: ['groupCall'] } },
        ],
      },
    });
  });

  it('refuses a dimension the metric does not have', () => {
    expect(() =>
      rollupQuery({ metric: 'streams', interval: 'hour', dimension: 'trunk', ...day }, 'full', 100),
    ).toThrow(/dimension must be one of total, mediaType/);
  });

  it('refuses the per-user PSTN dimension without full access', () => {
    const request = { metric: 'pstn', interval: 'day', dimension: 'user', ...day } as const;

    expect(() => rollupQuery(request, 'aggregates', 100)).toThrow(/full access/);
    expect(rollupQuery(request, 'full', 100)).toBeDefined();
  });

  it('refuses more buckets than the limit', () => {
    expect(() =>
      rollupQuery({ metric: 'calls', interval: 'hour', dimension: 'total', ...day }, 'full', 23),
    ).toThrow(/at most 23 hour buckets/);
  });
});
