import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('PageInfo')
export class PageInfoObject {
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
  @Field()
  hasNextPage!: boolean;
}

@ObjectType('FacetBucket', { description: 'How many matching items have one value of a field.' })
export class FacetBucketObject {
  @Field()
  value!: string;
  @Field(() => Int)
  count!: number;
}

@ObjectType('Facet')
export class FacetObject {
  @Field()
  name!: string;
  @Field(() => [FacetBucketObject])
  buckets!: FacetBucketObject[];
}

interface TermsAggregation {
  readonly buckets?: readonly {
    readonly key: string | number;
    readonly key_as_string?: string;
    readonly doc_count: number;
  }[];
}

/** Facets from terms aggregations named like the facets. */
export function toFacetObjects(
  names: readonly string[],
  aggregations: Readonly<Record<string, unknown>>,
): FacetObject[] {
  return names.map((name) => ({
    name,
    buckets: ((aggregations[name] as TermsAggregation | undefined)?.buckets ?? []).map(
      (bucket) => ({
        value: bucket.key_as_string ?? String(bucket.key),
        count: bucket.doc_count,
      }),
    ),
  }));
}
