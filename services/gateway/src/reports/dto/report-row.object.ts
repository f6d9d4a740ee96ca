import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

import type { DirectRoutingCallDocument, PstnCallDocument } from '@callrecords/contracts';

import { redact } from '../../domain/access-policy';
import type { Access } from '../../domain/tenant-scope';
import { PageInfoObject } from '../../graphql/page.object';

@ObjectType('PstnCall', { description: 'A getPstnCalls row. User and numbers need full access.' })
export class PstnCallObject {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  callId!: string | null;
  @Field(() => String, { nullable: true })
  userId!: string | null;
  @Field(() => String, { nullable: true })
  userPrincipalName!: string | null;
  @Field(() => String, { nullable: true })
  userDisplayName!: string | null;
  @Field()
  startDateTime!: string;
  @Field(() => String, { nullable: true })
  endDateTime!: string | null;
  @Field(() => Int, { nullable: true, description: 'Seconds.' })
  duration!: number | null;
  @Field(() => Float, { nullable: true })
  charge!: number | null;
  @Field(() => Float, { nullable: true })
  connectionCharge!: number | null;
  @Field(() => String, { nullable: true })
  currency!: string | null;
  @Field(() => String, { nullable: true })
  callType!: string | null;
  @Field(() => String, { nullable: true })
  callerNumber!: string | null;
  @Field(() => String, { nullable: true })
  calleeNumber!: string | null;
  @Field(() => String, { nullable: true })
  usageCountryCode!: string | null;
  @Field(() => String, { nullable: true })
  tenantCountryCode!: string | null;
  @Field(() => String, { nullable: true })
  destinationContext!: string | null;
  @Field(() => String, { nullable: true })
  destinationName!: string | null;
  @Field(() => String, { nullable: true, description: 'Audio conference id (ucap_* calls).' })
  conferenceId!: string | null;
  @Field(() => String, { nullable: true })
  licenseCapability!: string | null;
  @Field(() => String, { nullable: true })
  inventoryType!: string | null;
  @Field(() => String, { nullable: true })
  operator!: string | null;
  @Field(() => String, { nullable: true, description: 'microsoft | operator.' })
  callDurationSource!: string | null;
}

@ObjectType('DirectRoutingCall', { description: 'A getDirectRoutingCalls row.' })
export class DirectRoutingCallObject {
  @Field(() => ID)
  id!: string;
  @Field(() => String, { nullable: true })
  correlationId!: string | null;
  @Field(() => String, { nullable: true })
  userId!: string | null;
  @Field(() => String, { nullable: true })
  userPrincipalName!: string | null;
  @Field(() => String, { nullable: true })
  userDisplayName!: string | null;
  @Field()
  startDateTime!: string;
  @Field(() => String, { nullable: true })
  inviteDateTime!: string | null;
  @Field(() => String, { nullable: true })
  endDateTime!: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Null for a call without failure (Graph's 0001-01-01 placeholder is read as none).",
  })
  failureDateTime!: string | null;
  @Field(() => Int, { nullable: true })
  duration!: number | null;
  @Field(() => String, { nullable: true })
  callType!: string | null;
  @Field(() => Boolean, { nullable: true })
  successfulCall!: boolean | null;
  @Field(() => String, { nullable: true })
  callerNumber!: string | null;
  @Field(() => String, { nullable: true })
  calleeNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Datacenter of the media path.' })
  mediaPathLocation!: string | null;
  @Field(() => String, { nullable: true, description: 'Datacenter of the signaling.' })
  signalingLocation!: string | null;
  @Field(() => Int, { nullable: true })
  finalSipCode!: number | null;
  @Field(() => String, { nullable: true })
  finalSipCodePhrase!: string | null;
  @Field(() => Int, { nullable: true })
  callEndSubReason!: number | null;
  @Field(() => String, { nullable: true })
  trunkFullyQualifiedDomainName!: string | null;
  @Field(() => Boolean, { nullable: true })
  mediaBypassEnabled!: boolean | null;
}

@ObjectType('CurrencyAmount')
export class CurrencyAmountObject {
  @Field()
  currency!: string;
  @Field(() => Int)
  calls!: number;
}

@ObjectType('PstnTotals', { description: 'Over all matching rows.' })
export class PstnTotalsObject {
  @Field(() => Int)
  calls!: number;
  @Field(() => Float)
  durationSeconds!: number;
  @Field(() => Float, {
    description: 'Sum of charges (mixed currencies add up; see `currencies`).',
  })
  charge!: number;
  @Field(() => [CurrencyAmountObject])
  currencies!: CurrencyAmountObject[];
}

@ObjectType('DirectRoutingTotals', { description: 'Over all matching rows.' })
export class DirectRoutingTotalsObject {
  @Field(() => Int)
  calls!: number;
  @Field(() => Float)
  durationSeconds!: number;
  @Field(() => Int)
  successes!: number;
  @Field(() => Int)
  failures!: number;
}

@ObjectType('PstnCallPage')
export class PstnCallPageObject {
  @Field(() => [PstnCallObject])
  items!: PstnCallObject[];
  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;
  @Field(() => PstnTotalsObject)
  totals!: PstnTotalsObject;
}

@ObjectType('DirectRoutingCallPage')
export class DirectRoutingCallPageObject {
  @Field(() => [DirectRoutingCallObject])
  items!: DirectRoutingCallObject[];
  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;
  @Field(() => DirectRoutingTotalsObject)
  totals!: DirectRoutingTotalsObject;
}

export function toPstnCallObject(doc: PstnCallDocument, access: Access): PstnCallObject {
  const { tenantId: _tenant, fetchedAt: _fetched, raw: _raw, ...row } = doc;
  return {
    id: row.id,
    callId: row.callId,
    userId: redact(access, row.userId),
    userPrincipalName: redact(access, row.userPrincipalName),
    userDisplayName: redact(access, row.userDisplayName),
    startDateTime: row.startDateTime,
    endDateTime: row.endDateTime,
    duration: row.duration,
    charge: row.charge,
    connectionCharge: row.connectionCharge,
    currency: row.currency,
    callType: row.callType,
    callerNumber: redact(access, row.callerNumber),
    calleeNumber: redact(access, row.calleeNumber),
    usageCountryCode: row.usageCountryCode,
    tenantCountryCode: row.tenantCountryCode,
    destinationContext: row.destinationContext,
    destinationName: row.destinationName,
    conferenceId: row.conferenceId,
    licenseCapability: row.licenseCapability,
    inventoryType: row.inventoryType,
    operator: row.operator,
    callDurationSource: row.callDurationSource,
  };
}

export function toDirectRoutingCallObject(
  doc: DirectRoutingCallDocument,
  access: Access,
): DirectRoutingCallObject {
  return {
    id: doc.id,
    correlationId: doc.correlationId,
    userId: redact(access, doc.userId),
    userPrincipalName: redact(access, doc.userPrincipalName),
    userDisplayName: redact(access, doc.userDisplayName),
    startDateTime: doc.startDateTime,
    inviteDateTime: doc.inviteDateTime,
    endDateTime: doc.endDateTime,
    failureDateTime: doc.failureDateTime,
    duration: doc.duration,
    callType: doc.callType,
    successfulCall: doc.successfulCall,
    callerNumber: redact(access, doc.callerNumber),
    calleeNumber: redact(access, doc.calleeNumber),
    mediaPathLocation: doc.mediaPathLocation,
    signalingLocation: doc.signalingLocation,
    finalSipCode: doc.finalSipCode,
    finalSipCodePhrase: doc.finalSipCodePhrase,
    callEndSubReason: doc.callEndSubReason,
    trunkFullyQualifiedDomainName: doc.trunkFullyQualifiedDomainName,
    mediaBypassEnabled: doc.mediaBypassEnabled,
  };
}

interface SumAgg {
  readonly value?: number | null;
}
interface CountAgg {
  readonly doc_count?: number;
}
interface TermsAgg {
  readonly buckets?: readonly { readonly key: string; readonly doc_count: number }[];
}

export function toPstnTotalsObject(
  total: number,
  aggs: Readonly<Record<string, unknown>>,
): PstnTotalsObject {
  return {
    calls: total,
    durationSeconds: (aggs['durationSeconds'] as SumAgg | undefined)?.value ?? 0,
    charge: (aggs['charge'] as SumAgg | undefined)?.value ?? 0,
    currencies: ((aggs['currencies'] as TermsAgg | undefined)?.buckets ?? []).map((b) => ({
      currency: b.key,
      calls: b.doc_count,
    })),
  };
}

export function toDirectRoutingTotalsObject(
  total: number,
  aggs: Readonly<Record<string, unknown>>,
): DirectRoutingTotalsObject {
  return {
    calls: total,
    durationSeconds: (aggs['durationSeconds'] as SumAgg | undefined)?.value ?? 0,
    successes: (aggs['successes'] as CountAgg | undefined)?.doc_count ?? 0,
    failures: (aggs['failures'] as CountAgg | undefined)?.doc_count ?? 0,
  };
}
