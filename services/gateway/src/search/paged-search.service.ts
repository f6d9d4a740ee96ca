import { Inject, Injectable } from '@nestjs/common';

import type { SearchHit } from '@callrecords/opensearch';

import type { GatewayConfig } from '../config';
import { decodeCursor, encodeCursor, queryFingerprint } from '../domain/cursor';
import { pageSize } from '../domain/query-clauses';
import type { QueryBody, QueryClause, TenantScope } from '../domain/tenant-scope';
import { scopedQuery } from '../domain/tenant-scope';
import { CURSOR_SECRET, GATEWAY_CONFIG } from '../gateway.constants';
import { SearchService } from './search.service';
import type { SearchTarget } from './search.service';

export interface PageRequest {
  readonly query: QueryClause | undefined;
  readonly sort: readonly QueryClause[];
  readonly first: number | null | undefined;
  readonly after: string | null | undefined;
  readonly aggs?: Readonly<Record<string, QueryClause>>;
  /** `_source` filtering of the hits (never part of the cursor binding). */
  readonly source?: QueryBody['source'];
  /** What the cursor is bound to besides the tenant: the filter and sort as the caller gave them. */
  readonly shape: unknown;
  /** False when the caller does not read `endCursor`: no cursor is signed (it stays null). */
  readonly withCursor?: boolean;
}

export interface Page {
  readonly hits: readonly SearchHit[];
  readonly total: number;
  readonly aggregations: Readonly<Record<string, unknown>>;
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

export const DEFAULT_PAGE_SIZE = 50;

/**
 * Cursor pagination on `search_after` (never a deep `from`): one extra hit tells whether a next page
 * exists; the cursor carries the last hit's sort values, signed and bound to tenant and query.
 */
@Injectable()
export class PagedSearchService {
  constructor(
    private readonly search: SearchService,
    @Inject(CURSOR_SECRET) private readonly secret: string,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async page(scope: TenantScope, target: SearchTarget, request: PageRequest): Promise<Page> {
    const size = pageSize(request.first, DEFAULT_PAGE_SIZE, this.config.GATEWAY_MAX_PAGE_SIZE);
    // Fingerprint and signature are two HMACs: computed only for a cursor given or read.
    const binding = () => ({ tenantId: scope.tenantId, query: queryFingerprint(request.shape) });
    const searchAfter = request.after
      ? decodeCursor(this.secret, request.after, binding())
      : undefined;
    const result = await this.search.search(
      target,
      scopedQuery(scope, {
        ...(request.query ? { query: request.query } : {}),
        sort: request.sort,
        size: size + 1,
        ...(searchAfter ? { searchAfter } : {}),
        ...(request.aggs ? { aggs: request.aggs } : {}),
        ...(request.source === undefined ? {} : { source: request.source }),
        trackTotalHits: true,
      }),
    );
    const hits = result.hits.slice(0, size);
    const last = hits.at(-1);
    const hasNextPage = result.hits.length > size;
    return {
      hits,
      total: result.total,
      aggregations: result.aggregations,
      hasNextPage,
      endCursor:
        last && hasNextPage && request.withCursor !== false
          ? encodeCursor(this.secret, { ...binding(), values: last.sort })
          : null,
    };
  }
}
