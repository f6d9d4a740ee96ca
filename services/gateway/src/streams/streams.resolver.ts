import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { Tenant } from '../auth/tenant.decorator';
import { CallRecordLoaders } from '../call-records/call-record.loader';
import { CallRecordLookupOf } from '../call-records/call-record-lookup.decorator';
import type { CallRecordLookup } from '../call-records/call-record-lookup.decorator';
import { CallRecordObject, toCallRecordObject } from '../call-records/dto/call-record.object';
import { STREAM_FACETS } from '../domain/stream-query';
import type { TenantScope } from '../domain/tenant-scope';
import { pagedComplexity } from '../graphql/complexity';
import { toFacetObjects } from '../graphql/page.object';
import { DEFAULT_PAGE_SIZE } from '../search/paged-search.service';
import { StreamPageObject, toStreamSummaryObject } from './dto/stream-page.object';
import { StreamObject, toStreamObject } from './dto/stream.object';
import { StreamsArgs } from './dto/streams.input';
import { StreamsRepository } from './streams.repository';

@Resolver(() => StreamObject)
export class StreamsResolver {
  constructor(
    private readonly repository: StreamsRepository,
    private readonly loaders: CallRecordLoaders,
  ) {}

  @Query(() => StreamPageObject, {
    description: 'Media streams for quality slicing (subnet, network, device, platform, time).',
    complexity: pagedComplexity(DEFAULT_PAGE_SIZE),
  })
  async streams(
    @Tenant() scope: TenantScope,
    @Args() args: StreamsArgs,
  ): Promise<StreamPageObject> {
    const page = await this.repository.page(scope, {
      filter: args.filter ?? {},
      first: args.first,
      after: args.after,
    });
    return {
      items: page.documents.map((doc) => toStreamObject(doc, scope.access)),
      totalCount: page.total,
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      facets: toFacetObjects(Object.keys(STREAM_FACETS), page.aggregations),
      summary: toStreamSummaryObject(page.aggregations),
    };
  }

  @ResolveField('callRecord', () => CallRecordObject, {
    nullable: true,
    description: 'The call the stream belongs to (batched: one query per page).',
  })
  async callRecord(
    @Parent() stream: StreamObject,
    @Tenant() scope: TenantScope,
    @CallRecordLookupOf() lookup: CallRecordLookup,
  ): Promise<CallRecordObject | null> {
    const doc = await this.loaders.load(scope, lookup, stream.callRecordId);
    return doc ? toCallRecordObject(doc, scope.access) : null;
  }
}
