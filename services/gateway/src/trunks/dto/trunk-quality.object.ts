import { Field, Int, ObjectType } from '@nestjs/graphql';

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
  @Field(() => StreamSummaryObject)
  quality!: StreamSummaryObject;
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

interface Value {
  readonly value?: number | null;
}

export function toTrunkQualityPointObject(bucket: SeriesBucket): TrunkQualityPointObject {
  return {
    bucketStart: bucket.key_as_string ?? new Date(bucket.key).toISOString(),
    streamCount: bucket.doc_count,
    quality: toStreamSummaryObject(bucket),
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
