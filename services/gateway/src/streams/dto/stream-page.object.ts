import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

import { FacetObject, PageInfoObject } from '../../graphql/page.object';
import { StreamObject } from './stream.object';

@ObjectType('StreamSummary', {
  description: 'Quality of all matching streams (not only the page).',
})
export class StreamSummaryObject {
  @Field(() => Int)
  classifiedCount!: number;
  @Field(() => Int)
  poorCount!: number;
  @Field(() => Float, { nullable: true, description: 'poor / classified (CQD "Poor %").' })
  poorRatio!: number | null;
  @Field(() => Float, { nullable: true })
  averageJitterMs!: number | null;
  @Field(() => Float, { nullable: true })
  jitterP50Ms!: number | null;
  @Field(() => Float, { nullable: true })
  jitterP95Ms!: number | null;
  @Field(() => Float, { nullable: true })
  averageRoundTripTimeMs!: number | null;
  @Field(() => Float, { nullable: true })
  averagePacketLossRate!: number | null;
}

@ObjectType('StreamPage')
export class StreamPageObject {
  @Field(() => [StreamObject])
  items!: StreamObject[];
  @Field(() => Int)
  totalCount!: number;
  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;
  @Field(() => [FacetObject])
  facets!: FacetObject[];
  @Field(() => StreamSummaryObject)
  summary!: StreamSummaryObject;
}

interface Aggregations {
  readonly classified?: { readonly doc_count: number };
  readonly poor?: { readonly doc_count: number };
  readonly averageJitterMs?: { readonly value: number | null };
  readonly averageRoundTripTimeMs?: { readonly value: number | null };
  readonly averagePacketLossRate?: { readonly value: number | null };
  readonly jitterPercentiles?: { readonly values?: Readonly<Record<string, number | null>> };
}

export function toStreamSummaryObject(
  aggregations: Readonly<Record<string, unknown>>,
): StreamSummaryObject {
  const aggs = aggregations as Aggregations;
  const classified = aggs.classified?.doc_count ?? 0;
  const poor = aggs.poor?.doc_count ?? 0;
  const percentile = (key: string): number | null => aggs.jitterPercentiles?.values?.[key] ?? null;
  return {
    classifiedCount: classified,
    poorCount: poor,
    poorRatio: classified === 0 ? null : poor / classified,
    averageJitterMs: aggs.averageJitterMs?.value ?? null,
    jitterP50Ms: percentile('50.0'),
    jitterP95Ms: percentile('95.0'),
    averageRoundTripTimeMs: aggs.averageRoundTripTimeMs?.value ?? null,
    averagePacketLossRate: aggs.averagePacketLossRate?.value ?? null,
  };
}
