import { Args, ID, Info, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Kind } from 'graphql';
import type { GraphQLResolveInfo, SelectionNode } from 'graphql';

import { Tenant } from '../auth/tenant.decorator';
import type { TenantScope } from '../domain/tenant-scope';
import { pagedComplexity } from '../graphql/complexity';
import { JsonScalar } from '../graphql/json.scalar';
import { DEFAULT_PAGE_SIZE } from '../search/paged-search.service';
import { CallRecordLoaders } from './call-record.loader';
import { CallRecordLookupOf } from './call-record-lookup.decorator';
import type { CallRecordLookup } from './call-record-lookup.decorator';
import { CallRecordsRepository } from './call-records.repository';
import { CallRecordPageObject } from './dto/call-record-page.object';
import {
  callRecordSourceFields,
  CallRecordObject,
  toCallRecordObject,
} from './dto/call-record.object';
import { CallRecordsArgs } from './dto/call-records.input';
import { toFacetObjects } from '../graphql/page.object';
import { SessionObject, toSessionObjects } from './dto/session.object';
import { CALL_RECORD_FACETS } from '../domain/call-record-query';

/** Whether `path` (field names, outermost first) is selected under the resolved field. */
function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  const walk = (nodes: readonly SelectionNode[], depth: number): boolean =>
    nodes.some((node) => {
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = info.fragments[node.name.value];
        return fragment ? walk(fragment.selectionSet.selections, depth) : true;
      }
      if (node.kind === Kind.INLINE_FRAGMENT) {
        return walk(node.selectionSet.selections, depth);
      }
      if (node.name.value !== path[depth]) {
        return false;
      }
      return depth === path.length - 1 || walk(node.selectionSet?.selections ?? [], depth + 1);
    });
  return info.fieldNodes.some((field) => walk(field.selectionSet?.selections ?? [], 0));
}

@Resolver(() => CallRecordObject)
export class CallRecordsResolver {
  constructor(
    private readonly repository: CallRecordsRepository,
    private readonly loaders: CallRecordLoaders,
  ) {}

  @Query(() => CallRecordObject, {
    nullable: true,
    description: 'One call record by its Graph id, with sessions, segments and streams.',
  })
  async callRecord(
    @Tenant() scope: TenantScope,
    @CallRecordLookupOf() lookup: CallRecordLookup,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<CallRecordObject | null> {
    const doc = await this.loaders.load(scope, lookup, id);
    return doc ? toCallRecordObject(doc, scope.access) : null;
  }

  @Query(() => CallRecordPageObject, {
    description: 'Call records matching a filter, newest first by default, with facet counts.',
    complexity: pagedComplexity(DEFAULT_PAGE_SIZE),
  })
  async callRecords(
    @Tenant() scope: TenantScope,
    @Args() args: CallRecordsArgs,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CallRecordPageObject> {
    const page = await this.repository.page(scope, {
      filter: args.filter ?? {},
      sort: args.sort ?? undefined,
      first: args.first,
      after: args.after,
      withFacets: selects(info, ['facets']),
      withCursor: selects(info, ['pageInfo', 'endCursor']),
      fields: callRecordSourceFields(info, 'page items'),
    });
    return {
      items: page.documents.map((doc) => toCallRecordObject(doc, scope.access)),
      totalCount: page.total,
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      facets: toFacetObjects(Object.keys(CALL_RECORD_FACETS), page.aggregations),
    };
  }

  @ResolveField('sessions', () => [SessionObject], {
    description: 'Sessions with their segments, media and streams, from the stored Graph record.',
  })
  sessions(@Parent() record: CallRecordObject): SessionObject[] {
    return toSessionObjects(record.raw, record.access);
  }

  @ResolveField('graphRecord', () => JsonScalar, {
    nullable: true,
    description: 'The record exactly as Graph returned it. Null without full access.',
  })
  graphRecord(@Parent() record: CallRecordObject): unknown {
    return record.access === 'full' ? record.raw : null;
  }
}
