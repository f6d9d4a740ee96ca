import { ArgsType, Field, InputType, Int } from '@nestjs/graphql';

import type { DirectRoutingCallFilter, PstnCallFilter } from '../../domain/report-query';

@InputType()
export class PstnCallFilterInput implements PstnCallFilter {
  @Field(() => String, { nullable: true })
  from?: string | null;
  @Field(() => String, { nullable: true })
  to?: string | null;
  @Field(() => [String], { nullable: true })
  callTypes?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  userId?: string | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  userPrincipalName?: string | null;
  @Field(() => String, { nullable: true, description: 'Caller or callee. Full access only.' })
  phoneNumber?: string | null;
  @Field(() => [String], { nullable: true })
  usageCountryCodes?: string[] | null;
  @Field(() => String, { nullable: true })
  currency?: string | null;
}

@InputType()
export class DirectRoutingCallFilterInput implements DirectRoutingCallFilter {
  @Field(() => String, { nullable: true })
  from?: string | null;
  @Field(() => String, { nullable: true })
  to?: string | null;
  @Field(() => [String], { nullable: true })
  callTypes?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  userId?: string | null;
  @Field(() => String, { nullable: true, description: 'Full access only.' })
  userPrincipalName?: string | null;
  @Field(() => String, { nullable: true, description: 'Caller or callee. Full access only.' })
  phoneNumber?: string | null;
  @Field(() => Boolean, { nullable: true })
  successfulCall?: boolean | null;
  @Field(() => [String], { nullable: true })
  trunkFullyQualifiedDomainNames?: string[] | null;
  @Field(() => [Int], { nullable: true })
  finalSipCodes?: number[] | null;
}

@ArgsType()
export class PstnCallsArgs {
  @Field(() => PstnCallFilterInput, { nullable: true })
  filter?: PstnCallFilterInput | null;
  @Field(() => Int, { nullable: true })
  first?: number | null;
  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class DirectRoutingCallsArgs {
  @Field(() => DirectRoutingCallFilterInput, { nullable: true })
  filter?: DirectRoutingCallFilterInput | null;
  @Field(() => Int, { nullable: true })
  first?: number | null;
  @Field(() => String, { nullable: true })
  after?: string | null;
}
