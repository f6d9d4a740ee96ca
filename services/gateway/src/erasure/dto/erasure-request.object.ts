import { ArgsType, Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ErasureRequestStatus {
  ACCEPTED = 'ACCEPTED',
}
registerEnumType(ErasureRequestStatus, {
  name: 'ErasureRequestStatus',
  description:
    'ACCEPTED: the request is durable in Kafka; the fetcher executes it (audit: callrecords.erasures.v1).',
});

@ArgsType()
export class ErasePersonArgs {
  @Field(() => String, {
    description: 'The person: an Entra user id (GUID), a UPN or a phone number.',
  })
  user!: string;
  @Field(() => String, {
    nullable: true,
    description: 'Why (a ticket number), kept in the request; must not name the person.',
  })
  reason?: string | null;
}

@ObjectType('ErasureRequest')
export class ErasureRequestObject {
  @Field(() => ID, { description: 'Carried by the audit events of the erasure (requestId).' })
  requestId!: string;
  @Field(() => ErasureRequestStatus)
  status!: ErasureRequestStatus;
  @Field(() => String)
  requestedAt!: string;
}
