import { ArgsType, Field, registerEnumType } from '@nestjs/graphql';

export enum RollupIntervalInput {
  HOUR = 'hour',
  DAY = 'day',
}

registerEnumType(RollupIntervalInput, { name: 'RollupInterval' });

@ArgsType()
export class TimeSeriesArgs {
  @Field(() => RollupIntervalInput)
  interval!: RollupIntervalInput;
  @Field({ description: 'Buckets starting at or after (ISO 8601).' })
  from!: string;
  @Field({ description: 'Buckets starting before (ISO 8601).' })
  to!: string;
  @Field(() => String, {
    defaultValue: 'total',
    description: 'A rollup dimension of the metric (e.g. callType, modality, platform, subnet).',
  })
  dimension!: string;
  @Field(() => [String], { nullable: true, description: 'Only these values of the dimension.' })
  values?: string[] | null;
}
