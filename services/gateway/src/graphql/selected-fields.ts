import { Kind } from 'graphql';
import type { FragmentDefinitionNode, SelectionNode } from 'graphql';

/**
 * The stored fields each GraphQL field of an object type reads: a list, or a table of its own for
 * a field whose sub-selection picks among stored fields (`quality { isPoor }`).
 */
export interface SourceFieldTable {
  readonly [field: string]: readonly string[] | SourceFieldTable;
}

/** What `sourceFieldsOf` needs of a GraphQLResolveInfo. */
export interface SelectionInfo {
  readonly fieldNodes: readonly {
    readonly selectionSet?: { readonly selections: readonly SelectionNode[] };
  }[];
  readonly fragments: Readonly<Record<string, FragmentDefinitionNode>>;
}

/** The field nodes of `nodes`, fragments spread; undefined when a fragment is unknown. */
function fieldsOf(
  nodes: readonly SelectionNode[],
  fragments: SelectionInfo['fragments'],
): { readonly name: string; readonly selections: readonly SelectionNode[] }[] | undefined {
  const fields: { name: string; selections: readonly SelectionNode[] }[] = [];
  for (const node of nodes) {
    if (node.kind === Kind.FIELD) {
      fields.push({ name: node.name.value, selections: node.selectionSet?.selections ?? [] });
      continue;
    }
    const selections =
      node.kind === Kind.INLINE_FRAGMENT
        ? node.selectionSet.selections
        : fragments[node.name.value]?.selectionSet.selections;
    const inner = selections === undefined ? undefined : fieldsOf(selections, fragments);
    if (inner === undefined) {
      return undefined;
    }
    fields.push(...inner);
  }
  return fields;
}

function collect(
  nodes: readonly SelectionNode[],
  table: SourceFieldTable,
  context: { readonly fragments: SelectionInfo['fragments']; readonly into: Set<string> },
): boolean {
  const fields = fieldsOf(nodes, context.fragments);
  if (fields === undefined) {
    return false;
  }
  return fields.every(({ name, selections }) => {
    if (name === '__typename') {
      return true;
    }
    const entry = table[name];
    if (entry === undefined) {
      return false;
    }
    if (Array.isArray(entry)) {
      entry.forEach((field: string) => context.into.add(field));
      return true;
    }
    return collect(selections, entry as SourceFieldTable, context);
  });
}

/**
 * The stored fields the selection under the resolved field (and then `path`, e.g. `['items']`)
 * reads, with `always` and sorted: what a search's `_source` needs to fetch. Undefined (fetch
 * everything) when the selection has a field or fragment the table does not know.
 */
export function sourceFieldsOf(info: SelectionInfo, options: SourceFieldOptions): SourceFields {
  // Mercurius reuses the parsed document of a known query: its field nodes are the same objects on
  // every request, so the walk is done once per document, field and options. The whole list of
  // nodes must match: @skip/@include can merge another node of the same field in or out.
  const first = info.fieldNodes[0];
  if (first === undefined) {
    return walk(info, options);
  }
  let known = remembered.get(first);
  if (known === undefined) {
    known = new Map();
    remembered.set(first, known);
  }
  const entry = known.get(options);
  const same =
    entry?.nodes.length === info.fieldNodes.length &&
    entry.nodes.every((node, i) => node === info.fieldNodes[i]);
  if (entry !== undefined && same) {
    return entry.fields;
  }
  const fields = walk(info, options);
  known.set(options, { nodes: [...info.fieldNodes], fields });
  return fields;
}

/** Pass the same object on every call: results are remembered per options object. */
export interface SourceFieldOptions {
  readonly path: readonly string[];
  readonly table: SourceFieldTable;
  readonly always: readonly string[];
}

type SourceFields = readonly string[] | undefined;

const remembered = new WeakMap<
  object,
  Map<SourceFieldOptions, { readonly nodes: readonly object[]; readonly fields: SourceFields }>
>();

function walk(info: SelectionInfo, options: SourceFieldOptions): SourceFields {
  const into = new Set(options.always);
  let level: readonly SelectionNode[] = info.fieldNodes.flatMap(
    (node) => node.selectionSet?.selections ?? [],
  );
  for (const step of options.path) {
    const fields = fieldsOf(level, info.fragments);
    if (fields === undefined) {
      return undefined;
    }
    level = fields.filter((field) => field.name === step).flatMap((field) => field.selections);
  }
  return collect(level, options.table, { fragments: info.fragments, into })
    ? [...into].sort()
    : undefined;
}
