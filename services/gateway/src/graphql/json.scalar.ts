import { GraphQLScalarType, Kind } from 'graphql';
import type { ValueNode } from 'graphql';

// Graph's own JSON (the raw call record, report rows) passed through as is.

function literalValue(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalValue(f.value)]));
    case Kind.LIST:
      return node.values.map(literalValue);
    case Kind.NULL:
    case Kind.ENUM:
    case Kind.VARIABLE:
      return null;
  }
}

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'A JSON value, as Microsoft Graph returned it.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: literalValue,
});
