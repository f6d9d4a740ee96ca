import { z } from 'zod';

import { field, propertiesOf, shapeOf } from './index-fields';

// Report rows are flat in Graph: documents keep Graph's property names, so the docs of
// pstnCallLogRow / directRoutingLogRow describe the fields too
// (libs/contracts/graph-reference/FACTS.md §3).

const ROW_ENVELOPE = {
  tenantId: field.id(),
  /** The row's GUID `id` (unique; `callId` is not). `_id` is `<tenantId>:<id>`. */
  id: field.id(),
  /** When the fetcher read the row; its epoch milliseconds are the document's external version. */
  fetchedAt: field.requiredDate(),
};

/** The fields of a `callrecords-pstn-calls` document: one per getPstnCalls row. */
export const PSTN_CALL_FIELDS = {
  ...ROW_ENVELOPE,
  callId: field.keyword(),
  userId: field.keyword(),
  userPrincipalName: field.keyword(),
  userDisplayName: field.text(),
  startDateTime: field.requiredDate(),
  endDateTime: field.date(),
  /** Seconds. */
  duration: field.integer(),
  /** Money in `currency` (Edm.Decimal). */
  charge: field.double(),
  connectionCharge: field.double(),
  currency: field.keyword(),
  /** Free string in Graph (`user_in`, `user_out`, `ucap_in`…). */
  callType: field.keyword(),
  calleeNumber: field.keyword(),
  callerNumber: field.keyword(),
  usageCountryCode: field.keyword(),
  tenantCountryCode: field.keyword(),
  destinationContext: field.keyword(),
  destinationName: field.text(),
  conferenceId: field.keyword(),
  licenseCapability: field.keyword(),
  inventoryType: field.keyword(),
  operator: field.keyword(),
  callDurationSource: field.keyword(),
  /** The row exactly as Graph returned it; not indexed. */
  raw: field.raw(),
  persons: field.persons(),
  personValues: field.personValues(),
};

/**
 * The fields of a `callrecords-directrouting-calls` document: one per getDirectRoutingCalls row.
 */
export const DIRECT_ROUTING_CALL_FIELDS = {
  ...ROW_ENVELOPE,
  correlationId: field.keyword(),
  userId: field.keyword(),
  userPrincipalName: field.keyword(),
  userDisplayName: field.text(),
  /**
   * May equal the invite or failure time for failed or unanswered calls
   * (libs/contracts/graph-reference/FACTS.md §3).
   */
  startDateTime: field.requiredDate(),
  inviteDateTime: field.date(),
  /** Only for successful calls. */
  endDateTime: field.date(),
  /** Only for failed calls. */
  failureDateTime: field.date(),
  /** Seconds. */
  duration: field.integer(),
  callType: field.keyword(),
  successfulCall: field.boolean(),
  callerNumber: field.keyword(),
  calleeNumber: field.keyword(),
  mediaPathLocation: field.keyword(),
  signalingLocation: field.keyword(),
  /** RFC 3261 final SIP code, with Microsoft's sub-reason and the phrase. */
  finalSipCode: field.integer(),
  callEndSubReason: field.integer(),
  finalSipCodePhrase: field.keyword(),
  /** The SBC's FQDN. */
  trunkFullyQualifiedDomainName: field.keyword(),
  mediaBypassEnabled: field.boolean(),
  raw: field.raw(),
  persons: field.persons(),
  personValues: field.personValues(),
};

export const PstnCallDocumentSchema = z.object(shapeOf(PSTN_CALL_FIELDS));
export type PstnCallDocument = z.infer<typeof PstnCallDocumentSchema>;
export const PSTN_CALL_PROPERTIES = propertiesOf(PSTN_CALL_FIELDS);

export const DirectRoutingCallDocumentSchema = z.object(shapeOf(DIRECT_ROUTING_CALL_FIELDS));
export type DirectRoutingCallDocument = z.infer<typeof DirectRoutingCallDocumentSchema>;
export const DIRECT_ROUTING_CALL_PROPERTIES = propertiesOf(DIRECT_ROUTING_CALL_FIELDS);
