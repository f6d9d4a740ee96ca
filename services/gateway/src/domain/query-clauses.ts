import type { QueryClause } from './tenant-scope';
import { badInput } from './gateway.errors';

// Small builders of OpenSearch query clauses shared by every index's filter. Absent filter values
// add no clause; an empty list matches nothing rather than everything.

export interface TimeRange {
  /** Inclusive, ISO 8601. */
  readonly from?: string | null;
  /** Exclusive, ISO 8601. */
  readonly to?: string | null;
}

export function rangeClause(field: string, range: TimeRange): QueryClause[] {
  const bounds = {
    ...(range.from ? { gte: checkedDate(range.from, 'from') } : {}),
    ...(range.to ? { lt: checkedDate(range.to, 'to') } : {}),
  };
  if (range.from && range.to && Date.parse(range.from) >= Date.parse(range.to)) {
    throw badInput('`from` must be before `to`');
  }
  return Object.keys(bounds).length === 0 ? [] : [{ range: { [field]: bounds } }];
}

function checkedDate(value: string, name: string): string {
  if (Number.isNaN(Date.parse(value))) {
    throw badInput(`\`${name}\` is not an ISO 8601 date-time`);
  }
  return new Date(value).toISOString();
}

export function termClause(
  field: string,
  value: string | number | boolean | null | undefined,
): QueryClause[] {
  return value === undefined || value === null ? [] : [{ term: { [field]: value } }];
}

export function termsClause(
  field: string,
  values: readonly (string | number)[] | null | undefined,
): QueryClause[] {
  return values === undefined || values === null ? [] : [{ terms: { [field]: [...values] } }];
}

/** A value in any of `fields` (e.g. caller or callee number). */
export function anyFieldClause(
  fields: readonly string[],
  value: string | null | undefined,
): QueryClause[] {
  if (value === undefined || value === null) {
    return [];
  }
  return [
    { bool: { should: fields.map((f) => ({ term: { [f]: value } })), minimum_should_match: 1 } },
  ];
}

/** Full-text words over `fields` (all words must match, in any of the fields). */
export function textClause(
  fields: readonly string[],
  text: string | null | undefined,
): QueryClause[] {
  if (text === undefined || text === null || text.trim() === '') {
    return [];
  }
  return [{ multi_match: { query: text, fields: [...fields], operator: 'and' } }];
}

/** All clauses as one filter (no scoring), or undefined when there are none. */
export function allOf(clauses: readonly QueryClause[]): QueryClause | undefined {
  return clauses.length === 0 ? undefined : { bool: { filter: [...clauses] } };
}

/** A page size within [1, max]; refuses rather than silently clamps. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? Math.min(fallback, max);
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw badInput(`\`first\` must be between 1 and ${max}`);
  }
  return size;
}

/** A terms aggregation per facet, named like the facet. */
export function facetAggregations(
  facets: Readonly<Record<string, string>>,
  size = 20,
): Record<string, QueryClause> {
  return Object.fromEntries(
    Object.entries(facets).map(([name, field]) => [name, { terms: { field, size } }]),
  );
}
