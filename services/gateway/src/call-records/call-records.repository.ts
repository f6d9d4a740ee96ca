import { Injectable } from '@nestjs/common';

import { CallRecordDocumentSchema } from '@callrecords/contracts';
import type { CallRecordDocument } from '@callrecords/contracts';

import { assertMayFilterOn } from '../domain/access-policy';
import {
  CALL_RECORD_FACETS,
  callRecordQuery,
  callRecordSortClauses,
  DEFAULT_CALL_RECORD_SORT,
  PERSONAL_CALL_RECORD_FILTERS,
} from '../domain/call-record-query';
import { latestById } from '../domain/latest-by-id';
import { facetAggregations } from '../domain/query-clauses';
import type { CallRecordFilter, CallRecordSort } from '../domain/call-record-query';
import type { TenantScope } from '../domain/tenant-scope';
import { scopedQuery } from '../domain/tenant-scope';
import { PagedSearchService } from '../search/paged-search.service';
import type { Page } from '../search/paged-search.service';
import { SearchService } from '../search/search.service';

const RECORDS = { kind: 'index', id: 'records' } as const;

export interface CallRecordPageRequest {
  readonly filter: CallRecordFilter;
  readonly sort: CallRecordSort | undefined;
  readonly first: number | null | undefined;
  readonly after: string | null | undefined;
  readonly withFacets: boolean;
  /** Whether the caller reads sessions or the Graph record: else `raw` (up to MBs) is not fetched. */
  readonly withRaw: boolean;
}

// A page without `raw`: the documents parse without it and carry an empty record instead.
const DocumentWithoutRawSchema = CallRecordDocumentSchema.omit({ raw: true });

export interface CallRecordPage extends Omit<Page, 'hits'> {
  readonly documents: readonly CallRecordDocument[];
}

/** Reads `callrecords-records` through its contract; every method is scoped to one tenant. */
@Injectable()
export class CallRecordsRepository {
  constructor(
    private readonly search: SearchService,
    private readonly pages: PagedSearchService,
  ) {}

  async findByIds(
    scope: TenantScope,
    ids: readonly string[],
  ): Promise<Map<string, CallRecordDocument>> {
    const result = await this.search.search(
      RECORDS,
      scopedQuery(scope, { query: { terms: { id: [...new Set(ids)] } }, size: ids.length * 2 }),
    );
    const documents = result.hits.map((hit) => CallRecordDocumentSchema.parse(hit.source));
    return new Map(latestById(documents).map((doc) => [doc.id, doc]));
  }

  async page(scope: TenantScope, request: CallRecordPageRequest): Promise<CallRecordPage> {
    assertMayFilterOn(scope.access, { ...request.filter }, PERSONAL_CALL_RECORD_FILTERS);
    const sort = request.sort ?? DEFAULT_CALL_RECORD_SORT;
    const page = await this.pages.page(scope, RECORDS, {
      query: callRecordQuery(request.filter),
      sort: callRecordSortClauses(sort),
      first: request.first,
      after: request.after,
      ...(request.withFacets ? { aggs: facetAggregations(CALL_RECORD_FACETS) } : {}),
      ...(request.withRaw ? {} : { excludeFields: ['raw'] }),
      shape: { filter: request.filter, sort },
    });
    const parse = (source: unknown): CallRecordDocument =>
      request.withRaw
        ? CallRecordDocumentSchema.parse(source)
        : { ...DocumentWithoutRawSchema.parse(source), raw: {} };
    return {
      ...page,
      documents: latestById(page.hits.map((hit) => parse(hit.source))),
    };
  }
}
