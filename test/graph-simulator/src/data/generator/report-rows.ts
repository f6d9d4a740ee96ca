import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';
import type { Person } from './people';
import { phoneNumber } from './people';
import { plusMs, round } from './values';

// pstnCallLogRow and directRoutingLogRow rows (libs/contracts/graph-reference/FACTS.md section 3 semantics): numbers E.164, duration in
// seconds, money in `currency`; Direct Routing has endDateTime only for successful calls and a real
// failureDateTime only for failed ones (successful ones carry the 0001-01-01 placeholder), and its
// correlationId is the id of the call's record.

export interface RowInput {
  readonly person: Person;
  readonly startDateTime: string;
  readonly durationMs: number;
  readonly calleeNumber: string;
  readonly isEmergency: boolean;
  /** The call record of the call: a Direct Routing row's correlationId is its id. */
  readonly callRecordId?: string;
}

/** What getDirectRoutingCalls sends as the failureDateTime of a call without failure (Microsoft's example). */
export const NO_FAILURE_DATE_TIME = '0001-01-01T00:00:00Z';

export function pstnRow(rng: Rng, input: RowInput): JsonObject {
  const isInbound = !input.isEmergency && rng.chance(0.35);
  const isInternational = !isInbound && !input.isEmergency && rng.chance(0.15);
  const duration = Math.round(input.durationMs / 1000);
  const userNumber = phoneNumber(rng);
  return {
    id: rng.guid(),
    callId: `${rng.int(1_000_000_000, 1_999_999_999)}_${rng.int(100_000_000, 199_999_999)}@61.221.3.176`,
    userId: input.person.id,
    userPrincipalName: input.person.userPrincipalName,
    userDisplayName: input.person.displayName,
    startDateTime: input.startDateTime,
    endDateTime: plusMs(input.startDateTime, input.durationMs),
    duration,
    charge: isInternational ? round((duration / 60) * 0.12, 2) : 0,
    callType: isInbound ? 'user_in' : 'user_out',
    currency: 'USD',
    calleeNumber: isInbound ? userNumber : input.calleeNumber,
    usageCountryCode: 'US',
    tenantCountryCode: 'US',
    connectionCharge: 0,
    callerNumber: isInbound ? input.calleeNumber : userNumber,
    destinationContext: isInbound ? null : isInternational ? 'International' : 'Domestic',
    destinationName: input.isEmergency
      ? 'Emergency Services'
      : isInternational
        ? 'United Kingdom'
        : 'United States',
    conferenceId: null,
    licenseCapability: isInternational ? 'MCOPSTN2' : 'MCOPSTN1',
    inventoryType: 'Subscriber',
    operator: 'Microsoft',
    callDurationSource: 'microsoft',
  };
}

export function directRoutingRow(rng: Rng, input: RowInput): JsonObject {
  const successful = input.isEmergency || rng.chance(0.9);
  const isInbound = !input.isEmergency && rng.chance(0.4);
  const end = plusMs(input.startDateTime, input.durationMs);
  const userNumber = phoneNumber(rng);
  const id = rng.guid();
  const unlinked = rng.guid();
  return {
    id,
    correlationId: input.callRecordId ?? unlinked,
    userId: input.person.id,
    userPrincipalName: input.person.userPrincipalName,
    userDisplayName: input.person.displayName,
    startDateTime: input.startDateTime,
    inviteDateTime: plusMs(input.startDateTime, -rng.int(500, 4000)),
    failureDateTime: successful ? NO_FAILURE_DATE_TIME : input.startDateTime,
    endDateTime: successful ? end : null,
    duration: successful ? Math.round(input.durationMs / 1000) : 0,
    callType: isInbound ? 'ByotIn' : 'ByotOut',
    successfulCall: successful,
    callerNumber: isInbound ? input.calleeNumber : userNumber,
    calleeNumber: isInbound ? userNumber : input.calleeNumber,
    mediaPathLocation: 'USEA',
    signalingLocation: 'USEA',
    finalSipCode: successful ? 0 : rng.pick([404, 480, 486, 487, 503]),
    callEndSubReason: successful ? 540200 : rng.pick([560404, 560480, 560486, 560487, 560503]),
    finalSipCodePhrase: successful
      ? 'BYE'
      : rng.pick(['Not Found', 'Temporarily Unavailable', 'Busy Here', 'Request Terminated']),
    trunkFullyQualifiedDomainName: 'sbc1.contoso.com',
    mediaBypassEnabled: rng.chance(0.5),
  };
}
