import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema, isObjectType, Kind, parse } from 'graphql';
import type { FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';

import { CALL_RECORD_SOURCE_FIELDS } from '../call-records/dto/call-record.object';
import { sourceFieldsOf } from './selected-fields';
import type { SelectionInfo } from './selected-fields';

const TABLE = {
  id: ['id'],
  type: ['type'],
  sessions: ['raw'],
  quality: { isPoor: ['isPoor'], worstJitterMs: ['worstJitterMs'] },
};
const OPTIONS = { path: ['items'], table: TABLE, always: ['id', 'version'] };

/** The resolve info of the document's first root field. */
function infoOf(document: string): SelectionInfo {
  const ast = parse(document);
  const operation = ast.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    ast.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const root = operation.selectionSet.selections[0]!;
  return { fieldNodes: [root as never], fragments };
}

describe(sourceFieldsOf.name, () => {
  it('reads the fields of the selection under the path, with the ones always needed, sorted', () => {
    const info = infoOf('{ page { totalCount items { type quality { worstJitterMs } } } }');

    expect(sourceFieldsOf(info, OPTIONS)).toEqual(['id', 'type', 'version', 'worstJitterMs']);
  });

  it('follows fragment spreads and inline fragments, and ignores __typename', () => {
    const info = infoOf(
      'fragment Q on X { quality { isPoor } } { page { items { __typename ...Q ... on X { sessions { id } } } } }',
    );

    expect(sourceFieldsOf(info, OPTIONS)).toEqual(['id', 'isPoor', 'raw', 'version']);
  });

  it('reads the same fields whatever the aliases', () => {
    const info = infoOf('{ page { items { a: type b: quality { c: isPoor } } } }');

    expect(sourceFieldsOf(info, OPTIONS)).toEqual(['id', 'isPoor', 'type', 'version']);
  });

  it('gives up (everything is fetched) on a field the table does not know', () => {
    const info = infoOf('{ page { items { id newField } } }');

    expect(sourceFieldsOf(info, OPTIONS)).toBeUndefined();
  });

  it('gives up on a sub-field the table does not know', () => {
    const info = infoOf('{ page { items { quality { averageJitterMs } } } }');

    expect(sourceFieldsOf(info, OPTIONS)).toBeUndefined();
  });

  it('gives up on an unknown fragment', () => {
    const info = infoOf('{ page { items { ...Missing } } }');

    expect(sourceFieldsOf(info, OPTIONS)).toBeUndefined();
  });

  it('walks again when @include merges another node of the field in', () => {
    const ast = parse(
      'query($x: Boolean!) { page { items { type } } page @include(if: $x) { items { sessions { id } } } }',
    );
    const operation = ast.definitions[0] as OperationDefinitionNode;
    const [alone, merged] = operation.selectionSet.selections;
    const without = { fieldNodes: [alone as never], fragments: {} };
    const withMerged = { fieldNodes: [alone as never, merged as never], fragments: {} };

    const first = sourceFieldsOf(without, OPTIONS);
    const second = sourceFieldsOf(withMerged, OPTIONS);
    const third = sourceFieldsOf(without, OPTIONS);

    expect([first, second, third]).toEqual([
      ['id', 'type', 'version'],
      ['id', 'raw', 'type', 'version'],
      ['id', 'type', 'version'],
    ]);
  });

  it('reads only the fields always needed when nothing is selected under the path', () => {
    const info = infoOf('{ page { totalCount } }');

    expect(sourceFieldsOf(info, OPTIONS)).toEqual(['id', 'version']);
  });
});

describe('CALL_RECORD_SOURCE_FIELDS', () => {
  const schema = buildSchema(readFileSync(join(__dirname, '../schema.gql'), 'utf8'));
  const fieldsOf = (type: string): string[] => {
    const named = schema.getType(type);
    return isObjectType(named) ? Object.keys(named.getFields()).sort() : [];
  };

  it('knows every field of CallRecord, CallQuality and Participants in the schema', () => {
    const table = CALL_RECORD_SOURCE_FIELDS;

    expect(Object.keys(table).sort()).toEqual(fieldsOf('CallRecord'));
    expect(Object.keys(table.quality).sort()).toEqual(fieldsOf('CallQuality'));
    expect(Object.keys(table.participants).sort()).toEqual(fieldsOf('Participants'));
  });
});
