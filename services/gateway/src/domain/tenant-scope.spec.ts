import { scopedQuery, tenantScope } from './tenant-scope';

describe(scopedQuery.name, () => {
  const scope = tenantScope('tenant-a', 'full');

  it('filters on the tenant even without a caller query', () => {
    const scoped = scopedQuery(scope, { size: 5 });

    expect(scoped.body).toEqual({
      query: { bool: { filter: [{ term: { tenantId: 'tenant-a' } }] } },
      size: 5,
    });
  });

  it('keeps the tenant filter beside a query that matches everything of every tenant', () => {
    const widening = { bool: { should: [{ match_all: {} }, { term: { tenantId: 'tenant-b' } }] } };

    const scoped = scopedQuery(scope, { query: widening });

    expect(scoped.body['query']).toEqual({
      bool: { filter: [{ term: { tenantId: 'tenant-a' } }], must: [widening] },
    });
  });

  it('passes sort, search_after, aggregations and source selection through', () => {
    const scoped = scopedQuery(scope, {
      sort: [{ startDateTime: 'desc' }],
      searchAfter: [1, 'x'],
      aggs: { types: { terms: { field: 'type' } } },
      source: ['id'],
      trackTotalHits: true,
    });

    expect(scoped.body).toMatchObject({
      sort: [{ startDateTime: 'desc' }],
      search_after: [1, 'x'],
      aggs: { types: { terms: { field: 'type' } } },
      _source: ['id'],
      track_total_hits: true,
      size: 0,
    });
  });
});

describe(tenantScope.name, () => {
  it.each(['', '  '])('refuses the empty tenant id %j', (tenantId) => {
    expect(() => tenantScope(tenantId, 'full')).toThrow(/tenant id/);
  });
});
