import { ArgsType, Field, InputType, Int, registerEnumType } from '@nestjs/graphql';

import type { CallRecordFilter } from '../../domain/call-record-query';

export enum CallRecordSortField {
  START_DATE_TIME = 'startDateTime',
  DURATION = 'durationSeconds',
  PARTICIPANT_COUNT = 'participantCount',
  STREAM_COUNT = 'streamCount',
}

export enum SortDirection {
  ASC = 'asc',
  DESC = 'desc',
}

registerEnumType(CallRecordSortField, { name: 'CallRecordSortField' });
registerEnumType(SortDirection, { name: 'SortDirection' });

@InputType({ description: 'All set filters must match. Times are ISO 8601; `to` is exclusive.' })
export class CallRecordFilterInput implements CallRecordFilter {
  @Field(() => String, { nullable: true, description: 'Calls starting at or after.' })
  from?: string | null;
  @Field(() => String, { nullable: true, description: 'Calls starting before.' })
  to?: string | null;
  @Field(() => [String], { nullable: true, description: 'groupCall, peerToPeer, unknown.' })
  types?: string[] | null;
  @Field(() => [String], { nullable: true })
  modalities?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  participantId?: string | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  participantUserPrincipalName?: string | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  participantPhoneNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  organizerId?: string | null;
  @Field(() => Boolean, { nullable: true })
  isPoor?: boolean | null;
  @Field(() => [String], { nullable: true })
  poorReasons?: string[] | null;
  @Field(() => [String], { nullable: true })
  platforms?: string[] | null;
  @Field(() => [String], { nullable: true })
  productFamilies?: string[] | null;
  @Field(() => [String], { nullable: true })
  networkConnectionTypes?: string[] | null;
  @Field(() => Boolean, { nullable: true })
  hasFailure?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Words in names. Full access only.' })
  text?: string | null;
}

@InputType()
export class CallRecordSortInput {
  @Field(() => CallRecordSortField)
  field!: CallRecordSortField;
  @Field(() => SortDirection)
  direction!: SortDirection;
}

@ArgsType()
export class CallRecordsArgs {
  @Field(() => CallRecordFilterInput, { nullable: true })
  filter?: CallRecordFilterInput | null;
  @Field(() => CallRecordSortInput, { nullable: true })
  sort?: CallRecordSortInput | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Page size (default 50, at most GATEWAY_MAX_PAGE_SIZE).',
  })
  first?: number | null;
  @Field(() => String, {
    nullable: true,
    description: '`pageInfo.endCursor` of the previous page.',
  })
  after?: string | null;
}
