import { ArgsType, Field, InputType, Int, ObjectType } from '@nestjs/graphql';

import type { AlertRaisedV1, CallRecordFetchedV1 } from '@callrecords/contracts';

import { JsonScalar } from '../../graphql/json.scalar';

@ObjectType('CallRecordEvent', {
  description:
    'A call record version that reached the pipeline (fetched, being indexed). No personal data.',
})
export class CallRecordEventObject {
  @Field()
  id!: string;
  @Field(() => Int)
  version!: number;
  @Field(() => String, { nullable: true })
  type!: string | null;
  @Field(() => [String])
  modalities!: string[];
  @Field(() => String, { nullable: true })
  startDateTime!: string | null;
  @Field(() => String, { nullable: true })
  endDateTime!: string | null;
  @Field()
  lastModifiedDateTime!: string;
}

@ObjectType('Alert', { description: 'An aggregator rule that fired for one subject and window.' })
export class AlertObject {
  @Field()
  id!: string;
  @Field()
  rule!: string;
  @Field(() => Int)
  ruleVersion!: number;
  @Field({ description: 'What the alert is about (subnet, trunk, …).' })
  key!: string;
  @Field()
  severity!: string;
  @Field()
  windowStart!: string;
  @Field()
  windowEnd!: string;
  @Field()
  raisedAt!: string;
  @Field(() => JsonScalar)
  details!: Record<string, unknown>;
}

@InputType()
export class CallRecordEventFilterInput {
  @Field(() => [String], { nullable: true })
  types?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Any of these modalities.' })
  modalities?: string[] | null;
}

@ArgsType()
export class CallRecordIndexedArgs {
  @Field(() => CallRecordEventFilterInput, { nullable: true })
  filter?: CallRecordEventFilterInput | null;
}

@ArgsType()
export class AlertRaisedArgs {
  @Field(() => [String], { nullable: true, description: 'info, warning, critical.' })
  severities?: string[] | null;
}

export function toCallRecordEventObject(event: CallRecordFetchedV1): CallRecordEventObject {
  const record = event.payload.callRecord;
  return {
    id: record.id,
    version: event.payload.version,
    type: record.type ?? null,
    modalities: [...(record.modalities ?? [])],
    startDateTime: record.startDateTime ?? null,
    endDateTime: record.endDateTime ?? null,
    lastModifiedDateTime: event.payload.lastModifiedDateTime,
  };
}

export function acceptsCallRecordEvent(
  filter: CallRecordEventFilterInput | null | undefined,
  event: CallRecordFetchedV1,
): boolean {
  const record = event.payload.callRecord;
  const typeOk = !filter?.types || filter.types.includes(record.type ?? '');
  const modalities: readonly string[] = record.modalities ?? [];
  const modalityOk = !filter?.modalities || filter.modalities.some((m) => modalities.includes(m));
  return typeOk && modalityOk;
}

export function toAlertObject(event: AlertRaisedV1): AlertObject {
  const { payload } = event;
  return {
    id: event.id,
    rule: payload.rule,
    ruleVersion: payload.ruleVersion,
    key: payload.key,
    severity: payload.severity,
    windowStart: payload.window.start,
    windowEnd: payload.window.end,
    raisedAt: payload.raisedAt,
    details: payload.details,
  };
}
