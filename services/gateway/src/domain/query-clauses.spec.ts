import {
  allOf,
  anyFieldClause,
  facetAggregations,
  pageSize,
  rangeClause,
  termClause,
  termsClause,
  textClause,
} from './query-clauses';

describe(rangeClause.name, () => {
  it.each([
    [{}, []],
    [
      { from: '2026-11-20T10:00:00+01:00' },
      [{ range: { t: { gte: '2026-11-20T09:00:00.000Z' } } }],
    ],
    [{ to: '2026-11-21T00:00:00Z' }, [{ range: { t: { lt: '2026-11-21T00:00:00.000Z' } } }]],
    [
      { from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' },
      [{ range: { t: { gte: '2026-11-20T00:00:00.000Z', lt: '2026-11-21T00:00:00.000Z' } } }],
    ],
  ])('builds %j as %j (normalized to UTC, `to` exclusive)', (range, expected) => {
    expect(rangeClause('t', range)).toEqual(expected);
  });

  it.each([
    [{ from: 'yesterday' }, /`from` is not an ISO 8601/],
    [{ from: '2026-11-21T00:00:00Z', to: '2026-11-20T00:00:00Z' }, /before `to`/],
  ])('refuses %j', (range, message) => {
    expect(() => rangeClause('t', range)).toThrow(message);
  });
});

describe(termClause.name, () => {
  it.each([
    [undefined, []],
    [null, []],
    [false, [{ term: { f: false } }]],
    ['x', [{ term: { f: 'x' } }]],
  ])('turns %j into %j', (value, expected) => {
    expect(termClause('f', value)).toEqual(expected);
  });
});

describe(termsClause.name, () => {
  it('matches nothing for an empty list rather than everything', () => {
    expect(termsClause('f', [])).toEqual([{ terms: { f: [] } }]);
  });
});

describe(anyFieldClause.name, () => {
  it('matches the value in any of the fields', () => {
    expect(anyFieldClause(['a', 'b'], '+1')).toEqual([
      { bool: { should: [{ term: { a: '+1' } }, { term: { b: '+1' } }], minimum_should_match: 1 } },
    ]);
  });
});

describe(textClause.name, () => {
  it.each([[undefined], [''], ['   ']])('adds nothing for %j', (text) => {
    expect(textClause(['n'], text)).toEqual([]);
  });

  it('requires every word', () => {
    expect(textClause(['n'], 'abbie wilkins')).toEqual([
      { multi_match: { query: 'abbie wilkins', fields: ['n'], operator: 'and' } },
    ]);
  });
});

describe(allOf.name, () => {
  it('is undefined without clauses and a filter-only bool otherwise', () => {
    expect([allOf([]), allOf([{ term: { a: 1 } }])]).toEqual([
      undefined,
      { bool: { filter: [{ term: { a: 1 } }] } },
    ]);
  });
});

describe(pageSize.name, () => {
  it.each([
    [undefined, 50],
    [null, 50],
    [1, 1],
    [200, 200],
  ])('takes %j as %j', (first, expected) => {
    expect(pageSize(first, 50, 200)).toBe(expected);
  });

  it.each([[0], [-1], [201], [1.5]])('refuses %j', (first) => {
    expect(() => pageSize(first, 50, 200)).toThrow('`first` must be between 1 and 200');
  });

  it('caps the default at the maximum', () => {
    expect(pageSize(undefined, 50, 20)).toBe(20);
  });
});

describe(facetAggregations.name, () => {
  it('names one terms aggregation per facet', () => {
    expect(facetAggregations({ types: 'type' }, 5)).toEqual({
      types: { terms: { field: 'type', size: 5 } },
    });
  });
});
