// Tenant scoping is in the type (STYLE.md 2.12): a TenantScope comes only from a verified token, and
// the only way to build an OpenSearch query body is scopedQuery(), which puts the tenant filter in
// the query itself. Repositories accept a ScopedQuery, never a raw body.

declare const scopeBrand: unique symbol;
declare const queryBrand: unique symbol;

/** What a caller may see: everything of its tenant, or only counts and rollups (no personal fields). */
export type Access = 'full' | 'aggregates';

/** The tenant (and access level) every repository method takes first. */
export interface TenantScope {
  readonly tenantId: string;
  readonly access: Access;
  readonly [scopeBrand]: true;
}

export type QueryClause = Readonly<Record<string, unknown>>;

/** The parts of a search body a repository may choose; the tenant filter is not one of them. */
export interface QueryBody {
  readonly query?: QueryClause;
  readonly sort?: readonly QueryClause[];
  readonly size?: number;
  readonly searchAfter?: readonly (string | number)[];
  readonly aggs?: Readonly<Record<string, QueryClause>>;
  /** `_source` filtering: false, fields to include, or `{excludes}` (e.g. a large raw record). */
  readonly source?: boolean | readonly string[] | { readonly excludes: readonly string[] };
  readonly trackTotalHits?: boolean;
}

/** A search body bound to one tenant. */
export interface ScopedQuery {
  readonly tenantId: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly [queryBrand]: true;
}

/** The scope of a verified caller. Throws on an empty tenant id (a token without `tid`). */
export function tenantScope(tenantId: string, access: Access): TenantScope {
  if (tenantId.trim() === '') {
    throw new Error('a tenant scope needs a tenant id');
  }
  return { tenantId, access } as TenantScope;
}

/**
 * The OpenSearch body for `body` inside `scope`: the tenant term is a filter beside the caller's
 * query, so no clause of the caller (a `should`, a negation) can widen it to another tenant.
 */
export function scopedQuery(scope: TenantScope, body: QueryBody): ScopedQuery {
  const tenantFilter = { term: { tenantId: scope.tenantId } };
  const query = {
    bool: { filter: [tenantFilter], ...(body.query ? { must: [body.query] } : {}) },
  };
  const scoped = {
    tenantId: scope.tenantId,
    body: {
      query,
      size: body.size ?? 0,
      ...(body.sort ? { sort: body.sort } : {}),
      ...(body.searchAfter ? { search_after: body.searchAfter } : {}),
      ...(body.aggs ? { aggs: body.aggs } : {}),
      ...(body.source === undefined ? {} : { _source: body.source }),
      ...(body.trackTotalHits === undefined ? {} : { track_total_hits: body.trackTotalHits }),
    },
  };
  return scoped as unknown as ScopedQuery;
}
