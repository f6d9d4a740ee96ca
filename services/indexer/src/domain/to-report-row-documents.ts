import type {
  DirectRoutingCallDocument,
  DirectRoutingCallRowV1,
  PstnCallDocument,
  PstnCallRowV1,
} from '@callrecords/contracts';

import { readBoolean, readInteger, readNumber, readString, toIsoMs } from './graph-values';

const PSTN_STRINGS = [
  'callId',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'currency',
  'callType',
  'calleeNumber',
  'callerNumber',
  'usageCountryCode',
  'tenantCountryCode',
  'destinationContext',
  'destinationName',
  'conferenceId',
  'licenseCapability',
  'inventoryType',
  'operator',
  'callDurationSource',
] as const;

const DIRECT_ROUTING_STRINGS = [
  'correlationId',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'callType',
  'callerNumber',
  'calleeNumber',
  'mediaPathLocation',
  'signalingLocation',
  'finalSipCodePhrase',
  'trunkFullyQualifiedDomainName',
] as const;

function strings<K extends string>(row: unknown, keys: readonly K[]): Record<K, string | null> {
  return Object.fromEntries(keys.map((key) => [key, readString(row, key)])) as Record<
    K,
    string | null
  >;
}

/** The `callrecords-pstn-calls` document of a getPstnCalls row (Graph's names, dates in ms). */
export function toPstnCallDocument(event: PstnCallRowV1): PstnCallDocument {
  const { row, fetchedAt } = event.payload;
  return {
    tenantId: event.tenantId,
    id: row.id,
    fetchedAt: toIsoMs(fetchedAt) ?? fetchedAt,
    ...strings(row, PSTN_STRINGS),
    // A row always has a start (it is what the report window filters on); the fetch time stands in
    // for a malformed one so the row stays findable instead of being dropped.
    startDateTime: toIsoMs(row.startDateTime) ?? toIsoMs(fetchedAt) ?? fetchedAt,
    endDateTime: toIsoMs(row.endDateTime),
    duration: readInteger(row, 'duration'),
    charge: readNumber(row, 'charge'),
    connectionCharge: readNumber(row, 'connectionCharge'),
    raw: row,
  };
}

/** The `callrecords-directrouting-calls` document of a getDirectRoutingCalls row. */
export function toDirectRoutingCallDocument(
  event: DirectRoutingCallRowV1,
): DirectRoutingCallDocument {
  const { row, fetchedAt } = event.payload;
  const inviteDateTime = toIsoMs(row.inviteDateTime);
  return {
    tenantId: event.tenantId,
    id: row.id,
    fetchedAt: toIsoMs(fetchedAt) ?? fetchedAt,
    ...strings(row, DIRECT_ROUTING_STRINGS),
    startDateTime: toIsoMs(row.startDateTime) ?? inviteDateTime ?? toIsoMs(fetchedAt) ?? fetchedAt,
    inviteDateTime,
    endDateTime: toIsoMs(row.endDateTime),
    failureDateTime: toIsoMs(row.failureDateTime),
    duration: readInteger(row, 'duration'),
    successfulCall: readBoolean(row, 'successfulCall'),
    finalSipCode: readInteger(row, 'finalSipCode'),
    callEndSubReason: readInteger(row, 'callEndSubReason'),
    mediaBypassEnabled: readBoolean(row, 'mediaBypassEnabled'),
    raw: row,
  };
}
