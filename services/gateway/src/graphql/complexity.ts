import type { DocumentNode, GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';

import { limitExceeded } from '../domain/gateway.errors';

/** Cost of a list field: its children once per requested item (`first`), plus the search itself. */
export function pagedComplexity(defaultPageSize: number) {
  return ({
    args,
    childComplexity,
  }: Pick<ComplexityEstimatorArgs, 'args' | 'childComplexity'>): number => {
    const first = typeof args['first'] === 'number' ? args['first'] : defaultPageSize;
    return 10 + childComplexity * Math.max(first, 1);
  };
}

/**
 * Refuses an operation whose estimated cost exceeds `maximum` (a mercurius preExecution hook: the
 * cost depends on variables, so it cannot be a cached validation rule).
 */
export function costLimitHook(maximum: number) {
  // Mercurius calls it as (schema, document, context, variables).
  return (schema: GraphQLSchema, document: DocumentNode, ...rest: unknown[]): void => {
    const variables = rest[1] as Record<string, unknown> | undefined;
    const cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
    if (cost > maximum) {
      throw limitExceeded(`query cost ${cost} exceeds the maximum of ${maximum}`);
    }
  };
}
