import { Injectable } from '@nestjs/common';

import { DirectRoutingCallDocumentSchema, PstnCallDocumentSchema } from '@callrecords/contracts';
import type { DirectRoutingCallDocument, PstnCallDocument } from '@callrecords/contracts';

import { assertMayFilterOn } from '../domain/access-policy';
import {
  DIRECT_ROUTING_TOTALS,
  directRoutingCallQuery,
  PERSONAL_REPORT_FILTERS,
  PSTN_TOTALS,
  pstnCallQuery,
  REPORT_SORT,
} from '../domain/report-query';
import type { DirectRoutingCallFilter, PstnCallFilter } from '../domain/report-query';
import type { TenantScope } from '../domain/tenant-scope';
import { PagedSearchService } from '../search/paged-search.service';
import type { Page } from '../search/paged-search.service';

export interface RowPage<D> extends Omit<Page, 'hits'> {
  readonly documents: readonly D[];
}

interface RowRequest<F> {
  readonly filter: F;
  readonly first?: number | null;
  readonly after?: string | null;
}

/** Reads `callrecords-pstn-calls` and `callrecords-directrouting-calls`, scoped to one tenant. */
@Injectable()
export class ReportsRepository {
  constructor(private readonly pages: PagedSearchService) {}

  async pstnCalls(
    scope: TenantScope,
    request: RowRequest<PstnCallFilter>,
  ): Promise<RowPage<PstnCallDocument>> {
    assertMayFilterOn(scope.access, { ...request.filter }, PERSONAL_REPORT_FILTERS);
    const page = await this.pages.page(
      scope,
      { kind: 'index', id: 'pstnCalls' },
      {
        query: pstnCallQuery(request.filter),
        sort: REPORT_SORT,
        first: request.first,
        after: request.after,
        aggs: PSTN_TOTALS,
        shape: { filter: request.filter },
      },
    );
    return { ...page, documents: page.hits.map((hit) => PstnCallDocumentSchema.parse(hit.source)) };
  }

  async directRoutingCalls(
    scope: TenantScope,
    request: RowRequest<DirectRoutingCallFilter>,
  ): Promise<RowPage<DirectRoutingCallDocument>> {
    assertMayFilterOn(scope.access, { ...request.filter }, PERSONAL_REPORT_FILTERS);
    const page = await this.pages.page(
      scope,
      { kind: 'index', id: 'directRoutingCalls' },
      {
        query: directRoutingCallQuery(request.filter),
        sort: REPORT_SORT,
        first: request.first,
        after: request.after,
        aggs: DIRECT_ROUTING_TOTALS,
        shape: { filter: request.filter },
      },
    );
    return {
      ...page,
      documents: page.hits.map((hit) => DirectRoutingCallDocumentSchema.parse(hit.source)),
    };
  }
}
