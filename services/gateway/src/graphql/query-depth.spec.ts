import { getIntrospectionQuery, parse } from 'graphql';

import { queryDepth } from './query-depth';

describe(queryDepth.name, () => {
  it.each([
    ['{ a }', 1],
    ['{ a { b { c } } d }', 3],
    ['fragment F on T { b { c } } { a { ...F } }', 3],
    ['{ a { ... on T { b } } }', 2],
    ['query A { a } query B { a { b { c { d } } } }', 4],
    ['{ __typename a { __typename } }', 1],
  ])('measures %s as %i', (query, depth) => {
    expect(queryDepth(parse(query))).toBe(depth);
  });

  it('ignores the introspection query GraphiQL sends', () => {
    expect(queryDepth(parse(getIntrospectionQuery()))).toBe(0);
  });
});
