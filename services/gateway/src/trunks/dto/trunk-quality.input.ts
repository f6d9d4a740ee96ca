import { ArgsType, Field } from '@nestjs/graphql';

import { RollupIntervalInput } from '../../time-series/dto/time-series.input';

@ArgsType()
export class TrunkQualityArgs {
  @Field({ description: 'Calls starting at or after (ISO 8601).' })
  from!: string;
  @Field({ description: 'Calls starting before (ISO 8601).' })
  to!: string;
  @Field(() => RollupIntervalInput, { defaultValue: RollupIntervalInput.HOUR })
  interval!: RollupIntervalInput;
  @Field(() => [String], { nullable: true, description: 'Only these trunks (SBC FQDNs).' })
  trunks?: string[] | null;
}
