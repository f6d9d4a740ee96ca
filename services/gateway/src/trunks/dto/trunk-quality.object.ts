import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

import type { SeriesBucket, TrunkCalls } from '../../domain/trunk-quality';
import { StreamSummaryObject, toStreamSummaryObject } from '../../streams/dto/stream-page.object';

@ObjectType('TrunkQualityPoint', {
  description: 'Quality of the streams of a trunk’s calls in one bucket (by the stream’s start).',
})
export class TrunkQualityPointObject {
  @Field()
  bucketStart!: string;
  @Field(() => Int)
  streamCount!: number;
  @Field(() => Int)
  classifiedCount!: number;
  @Field(() => Int)
  poorCount!: number;
  @Field(() => Float, { nullable: true, description: 'poor / classified.' })
  poorRatio!: number | null;
  @Field(() => Float, { nullable: true })
  averageJitterMs!: number | null;
  @Field(() => Float, { nullable: true })
  averageRoundTripTimeMs!: number | null;
  @Field(() => Float, { nullable: true })
  averagePacketLossRate!: number | null;
}

@ObjectType('TrunkQuality', {
  description:
    'A Direct Routing trunk (SBC FQDN): its calls and failures (getDirectRoutingCalls) and the quality of the streams of those calls (their call records, joined by correlationId).',
})
export class TrunkQualityObject {
  @Field({ description: 'trunkFullyQualifiedDomainName.' })
  trunk!: string;
  @Field(() => Int, { description: 'Direct Routing rows in the range.' })
  calls!: number;
  @Field(() => Int)
  failures!: number;
  @Field(() => Int, { description: 'Calls whose call record (with streams) is indexed.' })
  callsWithStreams!: number;
  @Field({ description: 'True when only the first 10,000 calls of the trunk were joined.' })
  truncated!: boolean;
  @Field(() => StreamSummaryObject)
  summary!: StreamSummaryObject;
  @Field(() => [TrunkQualityPointObject])
  series!: TrunkQualityPointObject[];
}

interface Count {
  readonly doc_count?: number;
}
interface Value {
  readonly value?: number | null;
}

export function toTrunkQualityPointObject(bucket: SeriesBucket): TrunkQualityPointObject {
  const classified = (bucket['classified'] as Count | undefined)?.doc_count ?? 0;
  const poor = (bucket['poor'] as Count | undefined)?.doc_count ?? 0;
  const avg = (name: string): number | null => (bucket[name] as Value | undefined)?.value ?? null;
  return {
    bucketStart: bucket.key_as_string ?? new Date(bucket.key).toISOString(),
    streamCount: bucket.doc_count,
    classifiedCount: classified,
    poorCount: poor,
    poorRatio: classified === 0 ? null : poor / classified,
    averageJitterMs: avg('averageJitterMs'),
    averageRoundTripTimeMs: avg('averageRoundTripTimeMs'),
    averagePacketLossRate: avg('averagePacketLossRate'),
  };
}

export function toTrunkQualityObject(
  calls: TrunkCalls,
  streams: { aggregations: Readonly<Record<string, unknown>>; buckets: readonly SeriesBucket[] },
  maxCalls: number,
): TrunkQualityObject {
  const withStreams = (streams.aggregations['callsWithStreams'] as Value | undefined)?.value ?? 0;
  return {
    trunk: calls.trunk,
    calls: calls.calls,
    failures: calls.failures,
    callsWithStreams: withStreams,
    truncated: calls.callRecordIds.length >= maxCalls,
    summary: toStreamSummaryObject(streams.aggregations),
    series: streams.buckets.map(toTrunkQualityPointObject),
  };
}
