import { Args, Query, Resolver } from '@nestjs/graphql';

import { Tenant } from '../auth/tenant.decorator';
import type { TenantScope } from '../domain/tenant-scope';
import { pagedComplexity } from '../graphql/complexity';
import { DEFAULT_PAGE_SIZE } from '../search/paged-search.service';
import {
  DirectRoutingCallPageObject,
  PstnCallPageObject,
  toDirectRoutingCallObject,
  toDirectRoutingTotalsObject,
  toPstnCallObject,
  toPstnTotalsObject,
} from './dto/report-row.object';
import { DirectRoutingCallsArgs, PstnCallsArgs } from './dto/reports.input';
import { ReportsRepository } from './reports.repository';

@Resolver()
export class ReportsResolver {
  constructor(private readonly repository: ReportsRepository) {}

  @Query(() => PstnCallPageObject, {
    description: 'PSTN calls (getPstnCalls rows), newest first, with totals over all matches.',
    complexity: pagedComplexity(DEFAULT_PAGE_SIZE),
  })
  async pstnCalls(
    @Tenant() scope: TenantScope,
    @Args() args: PstnCallsArgs,
  ): Promise<PstnCallPageObject> {
    const page = await this.repository.pstnCalls(scope, { ...args, filter: args.filter ?? {} });
    return {
      items: page.documents.map((doc) => toPstnCallObject(doc, scope.access)),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      totals: toPstnTotalsObject(page.total, page.aggregations),
    };
  }

  @Query(() => DirectRoutingCallPageObject, {
    description: 'Direct Routing calls (getDirectRoutingCalls rows), newest first, with totals.',
    complexity: pagedComplexity(DEFAULT_PAGE_SIZE),
  })
  async directRoutingCalls(
    @Tenant() scope: TenantScope,
    @Args() args: DirectRoutingCallsArgs,
  ): Promise<DirectRoutingCallPageObject> {
    const page = await this.repository.directRoutingCalls(scope, {
      ...args,
      filter: args.filter ?? {},
    });
    return {
      items: page.documents.map((doc) => toDirectRoutingCallObject(doc, scope.access)),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      totals: toDirectRoutingTotalsObject(page.total, page.aggregations),
    };
  }
}
