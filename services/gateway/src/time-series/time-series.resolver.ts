import { Args, Query, Resolver } from '@nestjs/graphql';

import type { RollupMetric } from '@callrecords/contracts';

import { Tenant } from '../auth/tenant.decorator';
import type { TenantScope } from '../domain/tenant-scope';
import {
  DirectRoutingPointObject,
  PstnPointObject,
  QualityPointObject,
  toDirectRoutingPoint,
  toPstnPoint,
  toQualityPoint,
  toUsagePoint,
  UsagePointObject,
} from './dto/time-series.object';
import { TimeSeriesArgs } from './dto/time-series.input';
import { TimeSeriesRepository } from './time-series.repository';

const SERIES_COST = { complexity: 100 };

function request<M extends RollupMetric>(metric: M, args: TimeSeriesArgs) {
  return { metric, ...args, values: args.values ?? null };
}

/** Time series from the aggregator's rollups: allowed to both roles (counts, no personal data). */
@Resolver()
export class TimeSeriesResolver {
  constructor(private readonly repository: TimeSeriesRepository) {}

  @Query(() => [UsagePointObject], {
    description: 'Calls, minutes and poor-call ratio per bucket.',
    ...SERIES_COST,
  })
  async usageSeries(
    @Tenant() scope: TenantScope,
    @Args() args: TimeSeriesArgs,
  ): Promise<UsagePointObject[]> {
    return (await this.repository.series(scope, request('calls', args))).map(toUsagePoint);
  }

  @Query(() => [QualityPointObject], {
    description: 'Stream poor ratio and jitter/round-trip/packet-loss p50 and p95 per bucket.',
    ...SERIES_COST,
  })
  async qualitySeries(
    @Tenant() scope: TenantScope,
    @Args() args: TimeSeriesArgs,
  ): Promise<QualityPointObject[]> {
    return (await this.repository.series(scope, request('streams', args))).map(toQualityPoint);
  }

  @Query(() => [PstnPointObject], {
    description: 'PSTN calls, minutes and charge per bucket.',
    ...SERIES_COST,
  })
  async pstnSeries(
    @Tenant() scope: TenantScope,
    @Args() args: TimeSeriesArgs,
  ): Promise<PstnPointObject[]> {
    return (await this.repository.series(scope, request('pstn', args))).map(toPstnPoint);
  }

  @Query(() => [DirectRoutingPointObject], {
    description: 'Direct Routing calls, minutes, successes and failures per bucket.',
    ...SERIES_COST,
  })
  async directRoutingSeries(
    @Tenant() scope: TenantScope,
    @Args() args: TimeSeriesArgs,
  ): Promise<DirectRoutingPointObject[]> {
    return (await this.repository.series(scope, request('direct-routing', args))).map(
      toDirectRoutingPoint,
    );
  }
}
