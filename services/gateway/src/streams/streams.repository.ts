import { Injectable } from '@nestjs/common';

import { StreamDocumentSchema } from '@callrecords/contracts';
import type { StreamDocument } from '@callrecords/contracts';

import { assertMayFilterOn } from '../domain/access-policy';
import { latestById } from '../domain/latest-by-id';
import { facetAggregations } from '../domain/query-clauses';
import {
  PERSONAL_STREAM_FILTERS,
  STREAM_FACETS,
  STREAM_SORT,
  STREAM_SUMMARY_AGGREGATIONS,
  streamQuery,
} from '../domain/stream-query';
import type { StreamFilter } from '../domain/stream-query';
import type { TenantScope } from '../domain/tenant-scope';
import { PagedSearchService } from '../search/paged-search.service';
import type { Page } from '../search/paged-search.service';

export interface StreamPage extends Omit<Page, 'hits'> {
  readonly documents: readonly StreamDocument[];
}

/** Reads `callrecords-streams` through its contract, scoped to one tenant. */
@Injectable()
export class StreamsRepository {
  constructor(private readonly pages: PagedSearchService) {}

  async page(
    scope: TenantScope,
    request: { filter: StreamFilter; first?: number | null; after?: string | null },
  ): Promise<StreamPage> {
    assertMayFilterOn(scope.access, { ...request.filter }, PERSONAL_STREAM_FILTERS);
    const page = await this.pages.page(
      scope,
      { kind: 'index', id: 'streams' },
      {
        query: streamQuery(request.filter),
        sort: STREAM_SORT,
        first: request.first,
        after: request.after,
        aggs: { ...facetAggregations(STREAM_FACETS), ...STREAM_SUMMARY_AGGREGATIONS },
        shape: { filter: request.filter },
      },
    );
    return {
      ...page,
      documents: latestById(page.hits.map((hit) => StreamDocumentSchema.parse(hit.source))),
    };
  }
}
