import { Field, Int, ObjectType } from '@nestjs/graphql';

import { qualityOfSums } from '../../domain/trunk-quality';
import type { TrunkCalls, TrunkQualitySeries, TrunkQualitySums } from '../../domain/trunk-quality';
import { StreamSummaryObject } from '../../streams/dto/stream-page.object';

@ObjectType('TrunkQualityPoint', {
  description:
    'Quality of the streams of a trunk’s calls in one bucket (by the call record’s start).',
})
export class TrunkQualityPointObject {
  @Field()
  bucketStart!: string;
  @Field(() => Int)
  streamCount!: number;
  @Field(() => StreamSummaryObject, {
    description:
      'Poor ratio and averages of the bucket (jitter percentiles are not rolled up: null).',
  })
  quality!: StreamSummaryObject;
}

@ObjectType('TrunkQuality', {
  description:
    'A Direct Routing trunk (SBC FQDN): its calls and failures (getDirectRoutingCalls) and the quality of the streams of those calls (their call records, joined by correlationId in the aggregator’s trunk-quality rollup).',
})
export class TrunkQualityObject {
  @Field({ description: 'trunkFullyQualifiedDomainName.' })
  trunk!: string;
  @Field(() => Int, { description: 'Direct Routing rows in the range.' })
  calls!: number;
  @Field(() => Int)
  failures!: number;
  @Field(() => Int, { description: 'Calls of the trunk whose call record is known (rollup).' })
  callsWithStreams!: number;
  @Field({
    deprecationReason: 'Always false: quality comes from a rollup that joins every call.',
  })
  truncated!: boolean;
  @Field(() => StreamSummaryObject, {
    description: 'Over the buckets starting in the range (jitter percentiles are not rolled up).',
  })
  summary!: StreamSummaryObject;
  @Field(() => [TrunkQualityPointObject])
  series!: TrunkQualityPointObject[];
}

function summaryOf(sums: TrunkQualitySums): StreamSummaryObject {
  return { ...qualityOfSums(sums), jitterP50Ms: null, jitterP95Ms: null };
}

export function toTrunkQualityObject(
  calls: TrunkCalls,
  quality: TrunkQualitySeries,
): TrunkQualityObject {
  return {
    ...calls,
    callsWithStreams: quality.total.calls,
    truncated: false,
    summary: summaryOf(quality.total),
    series: quality.series.map((point) => ({
      bucketStart: point.bucketStart,
      streamCount: point.sums.streams,
      quality: summaryOf(point.sums),
    })),
  };
}
