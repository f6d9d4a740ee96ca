import {
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  parse,
} from 'graphql';

import { costLimitHook, costVariables, pagedComplexity } from './complexity';

const Item = new GraphQLObjectType({ name: 'Item', fields: { id: { type: GraphQLID } } });
const Page = new GraphQLObjectType({
  name: 'Page',
  fields: { items: { type: new GraphQLList(Item) } },
});
// Costs with the hook's estimators (1 per field unless the field says otherwise):
// page(first: n) { items { id } } = 10 + n × (items 1 + id 1) = 10 + 2n; item { id } = 2.
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      page: {
        type: Page,
        args: { first: { type: GraphQLInt }, filter: { type: GraphQLString } },
        extensions: { complexity: pagedComplexity(50) },
      },
      item: { type: Item, args: { id: { type: GraphQLID } } },
      // A complexity function that does not declare what it reads: every argument counts.
      scaled: {
        type: Page,
        args: { first: { type: GraphQLInt }, factor: { type: GraphQLInt } },
        extensions: {
          complexity: ({
            args,
            childComplexity,
          }: {
            args: Record<string, unknown>;
            childComplexity: number;
          }) => Number(args['factor'] ?? 1) * childComplexity,
        },
      },
    },
  }),
});

const PAGE = 'query($n: Int, $f: String) { page(first: $n, filter: $f) { items { id } } }';

describe(costVariables.name, () => {
  it.each([
    [PAGE, ['n']],
    ['query($id: ID) { item(id: $id) { id } }', []],
    ['query($a: Int, $b: Int) { scaled(first: $a, factor: $b) { items { id } } }', ['a', 'b']],
    ['query($id: ID, $x: Boolean!) { item(id: $id) @include(if: $x) { id } }', ['x']],
    ['query($n: Int) { ...P } fragment P on Query { page(first: $n) { items { id } } }', ['n']],
  ])('%s depends on %j', (query, names) => {
    expect(costVariables(schema, parse(query))).toEqual(names);
  });
});

describe(costLimitHook.name, () => {
  const hook = costLimitHook(100);
  const run = (query: ReturnType<typeof parse>, variables: Record<string, unknown>) => () =>
    hook(schema, query, {}, variables);

  it('checks each value of `first` against the limit, the same parsed document reused', () => {
    const document = parse(PAGE);
    expect(run(document, { n: 10 })).not.toThrow(); // 30
    expect(run(document, { n: 100 })).toThrow('query cost 210 exceeds the maximum of 100');
    expect(run(document, { n: 45 })).not.toThrow(); // 100
    expect(run(document, { n: 46 })).toThrow('query cost 102 exceeds the maximum of 100');
    expect(run(document, { n: 10, f: 'other' })).not.toThrow();
    expect(run(document, {})).toThrow('query cost 110 exceeds the maximum of 100'); // first = 50
  });

  it('follows @include on a variable', () => {
    const document = parse(
      'query($x: Boolean!) { item(id: "1") { id } page(first: 50) @include(if: $x) { items { id } } }',
    );
    expect(run(document, { x: false })).not.toThrow(); // 2
    expect(run(document, { x: true })).toThrow('query cost 112 exceeds the maximum of 100');
    expect(run(document, { x: false })).not.toThrow();
  });

  it('reads every argument of a complexity function that declares none', () => {
    const document = parse('query($b: Int) { scaled(first: 1, factor: $b) { items { id } } }');
    expect(run(document, { b: 40 })).not.toThrow(); // 40 × 2
    expect(run(document, { b: 60 })).toThrow('query cost 120 exceeds the maximum of 100');
  });
});
