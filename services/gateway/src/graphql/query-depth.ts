import { Kind } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';

import { limitExceeded } from '../domain/gateway.errors';

/**
 * The deepest field nesting of the document's operations (a root field is depth 1). Introspection
 * fields (`__schema`, `__type`) do not count: GraphiQL's schema query is 15 deep by itself, and
 * introspection is switched off outside development mode anyway.
 */
export function queryDepth(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    }
  }
  const depthOf = (set: SelectionSetNode | undefined, seen: ReadonlySet<string>): number =>
    Math.max(
      0,
      ...(set?.selections ?? []).map((node) => {
        if (node.kind === Kind.FIELD) {
          return node.name.value.startsWith('__') ? 0 : 1 + depthOf(node.selectionSet, seen);
        }
        if (node.kind === Kind.INLINE_FRAGMENT) {
          return depthOf(node.selectionSet, seen);
        }
        const fragment = fragments.get(node.name.value);
        return fragment && !seen.has(node.name.value)
          ? depthOf(fragment.selectionSet, new Set([...seen, node.name.value]))
          : 0;
      }),
    );
  return Math.max(
    0,
    ...document.definitions.map((definition) =>
      definition.kind === Kind.OPERATION_DEFINITION
        ? depthOf(definition.selectionSet, new Set())
        : 0,
    ),
  );
}

/**
 * A mercurius preExecution hook refusing documents deeper than `maximum`. Mercurius reuses the
 * parsed document of a known query, so its depth is measured once.
 */
export function depthLimitHook(maximum: number) {
  const depths = new WeakMap<DocumentNode, number>();
  return (_schema: unknown, document: DocumentNode): void => {
    const depth = depths.get(document) ?? queryDepth(document);
    depths.set(document, depth);
    if (depth > maximum) {
      throw limitExceeded(`query depth ${depth} exceeds the maximum of ${maximum}`);
    }
  };
}
