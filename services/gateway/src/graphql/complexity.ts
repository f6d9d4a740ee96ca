import { TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import type { DocumentNode, GraphQLSchema, ValueNode } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';

import { limitExceeded } from '../domain/gateway.errors';

/** Set on a field's complexity function: the only arguments its estimate reads. */
export const COST_ARGUMENTS = Symbol('cost-arguments');

type Estimate = ((args: Pick<ComplexityEstimatorArgs, 'args' | 'childComplexity'>) => number) & {
  readonly [COST_ARGUMENTS]?: readonly string[];
};

/** Cost of a list field: its children once per requested item (`first`), plus the search itself. */
export function pagedComplexity(defaultPageSize: number): Estimate {
  const estimate = ({
    args,
    childComplexity,
  }: Pick<ComplexityEstimatorArgs, 'args' | 'childComplexity'>): number => {
    const first = typeof args['first'] === 'number' ? args['first'] : defaultPageSize;
    return 10 + childComplexity * Math.max(first, 1);
  };
  return Object.assign(estimate, { [COST_ARGUMENTS]: ['first'] as const });
}

function variablesIn(value: ValueNode, into: Set<string>): void {
  visit(value, {
    Variable(node) {
      into.add(node.name.value);
    },
  });
}

/**
 * The variables a document's cost can depend on: those in the arguments a field's complexity
 * function reads (all of its arguments unless it declares COST_ARGUMENTS) and in directives
 * (@skip/@include). Every other variable (an id, a filter) leaves the cost unchanged.
 */
export function costVariables(schema: GraphQLSchema, document: DocumentNode): readonly string[] {
  const names = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const estimate = typeInfo.getFieldDef()?.extensions['complexity'];
        if (typeof estimate !== 'function') {
          return;
        }
        const reads = (estimate as Estimate)[COST_ARGUMENTS];
        for (const argument of node.arguments ?? []) {
          if (reads === undefined || reads.includes(argument.name.value)) {
            variablesIn(argument.value, names);
          }
        }
      },
      Directive(node) {
        for (const argument of node.arguments ?? []) {
          variablesIn(argument.value, names);
        }
      },
    }),
  );
  return [...names].sort();
}

interface DocumentCosts {
  readonly schema: GraphQLSchema;
  readonly variables: readonly string[];
  readonly byValues: Map<string, number>;
}

// Costs kept per document for this many distinct values of its cost variables (e.g. `first`).
const COSTS_PER_DOCUMENT = 64;

/**
 * Refuses an operation whose estimated cost exceeds `maximum` (a mercurius preExecution hook: the
 * cost depends on variables, so it cannot be a cached validation rule). Mercurius reuses the parsed
 * document of a known query, so the cost is remembered per document and per value of the variables
 * it depends on (`costVariables`): a repeated query is not walked again.
 */
export function costLimitHook(maximum: number) {
  const costs = new WeakMap<DocumentNode, DocumentCosts>();
  // Mercurius calls it as (schema, document, context, variables).
  return (schema: GraphQLSchema, document: DocumentNode, ...rest: unknown[]): void => {
    const variables = (rest[1] as Record<string, unknown> | undefined) ?? {};
    let known = costs.get(document);
    if (known?.schema !== schema) {
      known = { schema, variables: costVariables(schema, document), byValues: new Map() };
      costs.set(document, known);
    }
    const key = JSON.stringify(known.variables.map((name) => [name in variables, variables[name]]));
    let cost = known.byValues.get(key);
    if (cost === undefined) {
      cost = getComplexity({
        schema,
        query: document,
        variables,
        estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
      });
      if (known.byValues.size >= COSTS_PER_DOCUMENT) {
        known.byValues.clear();
      }
      known.byValues.set(key, cost);
    }
    if (cost > maximum) {
      throw limitExceeded(`query cost ${cost} exceeds the maximum of ${maximum}`);
    }
  };
}
