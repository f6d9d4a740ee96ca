import {
  createEvent,
  DirectRoutingCallDocumentSchema,
  DirectRoutingCallRowV1Definition,
  PstnCallDocumentSchema,
  PstnCallRowV1Definition,
} from '@callrecords/contracts';
import { aDirectRoutingRow, aPstnCallRow, EXAMPLE_TENANT_ID } from '@callrecords/testing';

import { toDirectRoutingCallDocument, toPstnCallDocument } from './to-report-row-documents';

const ENVELOPE = {
  id: '2d9e8c7a-5f30-4b4c-8e1d-3a4f5b6c7d8e',
  tenantId: EXAMPLE_TENANT_ID,
  correlationId: '5d9c3a4e-0f3b-4c1e-9a57-6b1f0c2d8e11',
  occurredAt: '2019-11-02T00:00:00.000Z',
  producedAt: '2019-11-02T00:00:01.000Z',
};
const WINDOW = { fromDateTime: '2019-11-01T00:00:00.000Z', toDateTime: '2019-11-02T00:00:00.000Z' };
const FETCHED_AT = '2019-11-02T00:00:00.500Z';

describe(toPstnCallDocument.name, () => {
  it('maps the reference getPstnCalls row field by field', () => {
    const row = aPstnCallRow();
    const event = createEvent(PstnCallRowV1Definition, {
      ...ENVELOPE,
      payload: { row, window: WINDOW, fetchedAt: FETCHED_AT },
    });

    const document = toPstnCallDocument(event);

    expect(document).toEqual({
      tenantId: EXAMPLE_TENANT_ID,
      id: '9c4984c7-6c3c-427d-a30c-bd0b2eacee90',
      fetchedAt: FETCHED_AT,
      callId: '1835317186_112562680@61.221.3.176',
      userId: 'db03c14b-06eb-4189-939b-7cbf3a20ba27',
      userPrincipalName: 'richard.malk@contoso.com',
      userDisplayName: 'Richard Malk',
      startDateTime: '2019-11-01T00:00:08.258Z',
      endDateTime: '2019-11-01T00:03:47.258Z',
      duration: 219,
      charge: 0,
      connectionCharge: 0,
      currency: 'USD',
      callType: 'user_in',
      calleeNumber: '+1234567890',
      callerNumber: '+0123456789',
      usageCountryCode: 'US',
      tenantCountryCode: 'US',
      destinationContext: null,
      destinationName: 'United States',
      conferenceId: null,
      licenseCapability: 'MCOPSTNU',
      inventoryType: 'Subscriber',
      operator: 'Microsoft',
      callDurationSource: 'microsoft',
      raw: row,
    });
    expect(PstnCallDocumentSchema.strict().safeParse(document).success).toBe(true);
  });
});

describe(toDirectRoutingCallDocument.name, () => {
  it('maps a getDirectRoutingCalls row field by field', () => {
    const row = aDirectRoutingRow();
    const event = createEvent(DirectRoutingCallRowV1Definition, {
      ...ENVELOPE,
      payload: { row, window: WINDOW, fetchedAt: FETCHED_AT },
    });

    const document = toDirectRoutingCallDocument(event);

    expect(document).toEqual({
      tenantId: EXAMPLE_TENANT_ID,
      id: '9e8bba57-dc14-533a-a7dd-f0da6575eed1',
      fetchedAt: FETCHED_AT,
      correlationId: 'c93d3b8e-0f5a-4b58-a1a6-3b8b7e0a0d3e',
      userId: 'db03c14b-06eb-4189-939b-7cbf3a20ba27',
      userPrincipalName: 'richard.malk@contoso.com',
      userDisplayName: 'Richard Malk',
      startDateTime: '2019-11-01T00:00:08.258Z',
      inviteDateTime: '2019-11-01T00:00:05.123Z',
      endDateTime: '2019-11-01T00:03:47.258Z',
      failureDateTime: null,
      duration: 219,
      callType: 'ByotIn',
      successfulCall: true,
      callerNumber: '+12345678***',
      calleeNumber: '+1234567890',
      mediaPathLocation: 'USWE',
      signalingLocation: 'USWE',
      finalSipCode: 0,
      callEndSubReason: 540000,
      finalSipCodePhrase: 'BYE',
      trunkFullyQualifiedDomainName: 'sbc.contoso.com',
      mediaBypassEnabled: false,
      raw: row,
    });
    expect(DirectRoutingCallDocumentSchema.strict().safeParse(document).success).toBe(true);
  });

  it("stores Graph's 0001-01-01 failureDateTime placeholder as no failure date", () => {
    // Microsoft's getDirectRoutingCalls example: a successful call with failureDateTime 0001-01-01.
    const row = aDirectRoutingRow({
      failureDateTime: '0001-01-01T00:00:00Z',
      successfulCall: true,
    });
    const event = createEvent(DirectRoutingCallRowV1Definition, {
      ...ENVELOPE,
      payload: { row, window: WINDOW, fetchedAt: FETCHED_AT },
    });

    const document = toDirectRoutingCallDocument(event);

    expect(document.failureDateTime).toBeNull();
    expect(document.successfulCall).toBe(true);
    expect(document.raw).toEqual(row);
  });
});
