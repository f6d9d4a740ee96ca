import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';

import type { StreamFilter } from '../../domain/stream-query';

@InputType({
  description: 'All set filters must match; subnet, device and platform match either side.',
})
export class StreamFilterInput implements StreamFilter {
  @Field(() => String, { nullable: true })
  from?: string | null;
  @Field(() => String, { nullable: true })
  to?: string | null;
  @Field(() => String, { nullable: true })
  callRecordId?: string | null;
  @Field(() => [String], { nullable: true })
  modalities?: string[] | null;
  @Field(() => Boolean, { nullable: true })
  isPoor?: boolean | null;
  @Field(() => Boolean, { nullable: true })
  isClassified?: boolean | null;
  @Field(() => [String], { nullable: true })
  poorReasons?: string[] | null;
  @Field(() => String, { nullable: true })
  subnet?: string | null;
  @Field(() => [String], { nullable: true })
  connectionTypes?: string[] | null;
  @Field(() => [String], { nullable: true })
  platforms?: string[] | null;
  @Field(() => String, { nullable: true })
  captureDeviceName?: string | null;
  @Field(() => Boolean, { nullable: true })
  isRelayed?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  userId?: string | null;
}

@ArgsType()
export class StreamsArgs {
  @Field(() => StreamFilterInput, { nullable: true })
  filter?: StreamFilterInput | null;
  @Field(() => Int, { nullable: true })
  first?: number | null;
  @Field(() => String, { nullable: true })
  after?: string | null;
}
