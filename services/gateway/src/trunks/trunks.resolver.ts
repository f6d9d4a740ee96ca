import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { Tenant } from '../auth/tenant.decorator';
import { CallRecordLoaders } from '../call-records/call-record.loader';
import { CallRecordLookupOf } from '../call-records/call-record-lookup.decorator';
import type { CallRecordLookup } from '../call-records/call-record-lookup.decorator';
import { CallRecordObject, toCallRecordObject } from '../call-records/dto/call-record.object';
import type { TenantScope } from '../domain/tenant-scope';
import type { GatewayContext } from '../graphql/gateway-context.types';
import {
  DirectRoutingCallObject,
  toDirectRoutingCallObject,
} from '../reports/dto/report-row.object';
import { DirectRoutingRowLoaders } from './direct-routing-call.loader';
import { TrunkQualityArgs } from './dto/trunk-quality.input';
import { TrunkQualityObject } from './dto/trunk-quality.object';
import { TrunksRepository } from './trunks.repository';

// A Direct Routing row's correlationId is the id of its call record (libs/contracts/graph-reference/FACTS.md §3): the two joins
// below and the trunk quality query rest on it.

@Resolver(() => TrunkQualityObject)
export class TrunksResolver {
  constructor(private readonly repository: TrunksRepository) {}

  @Query(() => [TrunkQualityObject], {
    description:
      'Call quality per Direct Routing trunk: the streams of the calls that went through each trunk (the aggregator’s trunk-quality rollup), over the buckets starting in the range and per interval, beside its calls and failures. Busiest 50 trunks.',
  })
  directRoutingTrunkQuality(
    @Tenant() scope: TenantScope,
    @Args() args: TrunkQualityArgs,
  ): Promise<TrunkQualityObject[]> {
    return this.repository.trunkQuality(scope, {
      filter: { from: args.from, to: args.to, trunkFullyQualifiedDomainNames: args.trunks },
      interval: args.interval,
    });
  }
}

@Resolver(() => DirectRoutingCallObject)
export class DirectRoutingCallJoinResolver {
  constructor(private readonly loaders: CallRecordLoaders) {}

  @ResolveField('callRecord', () => CallRecordObject, {
    nullable: true,
    description: 'The call record this row belongs to (its id is the row’s correlationId).',
  })
  async callRecord(
    @Parent() row: DirectRoutingCallObject,
    @Tenant() scope: TenantScope,
    @CallRecordLookupOf() lookup: CallRecordLookup,
  ): Promise<CallRecordObject | null> {
    if (!row.correlationId) {
      return null;
    }
    const doc = await this.loaders.load(scope, lookup, row.correlationId);
    return doc ? toCallRecordObject(doc, scope.access) : null;
  }
}

@Resolver(() => CallRecordObject)
export class CallRecordDirectRoutingResolver {
  constructor(private readonly loaders: DirectRoutingRowLoaders) {}

  @ResolveField('directRoutingCalls', () => [DirectRoutingCallObject], {
    description: 'The Direct Routing rows of this call (their correlationId is this id).',
  })
  async directRoutingCalls(
    @Parent() record: CallRecordObject,
    @Tenant() scope: TenantScope,
    @Context() context: GatewayContext,
  ): Promise<DirectRoutingCallObject[]> {
    const rows = await this.loaders.forOperation(context, scope).load(record.id);
    return rows.map((row) => toDirectRoutingCallObject(row, scope.access));
  }
}
