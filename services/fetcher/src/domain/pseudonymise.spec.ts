import { describe, expect, it } from '@jest/globals';

import { aCallRecord, aDirectRoutingRow, aPstnCallRow } from '@callrecords/testing';

import { pseudonymiseGraphObject, pseudonymOf, tenantPseudonymKey } from './pseudonymise';

const SECRET = 'test-secret-of-32-characters-!!';
const key = tenantPseudonymKey(SECRET, 'tenant-a');

// Computed outside the code with openssl (README "Personal data" gives the formula):
//   K = HMAC-SHA256("test-secret-of-32-characters-!!", "callrecords-pseudonym-v1:tenant-a")
//   "pn-" + base64url(HMAC-SHA256(K, normalised value))[0..22]
const ABBIE_UPN = 'pn-aCeCDtL-8TNCrv4avXwVf6';
const ABBIE_ID = 'pn-JHYnRTPQ1VW_UcSWPExQz4';
const PHONE_14255550100 = 'pn-61pXEB96V9Gsaov0GiiVbV';

// The Graph example's call (Abbie Wilkins calls Owen Franklin), every session endpoint named.
const record = aCallRecord();
const pseudonymised = pseudonymiseGraphObject(record, key);
const text = JSON.stringify(pseudonymised);

describe(pseudonymOf.name, () => {
  it('is HMAC-SHA256 under the tenant key, case-insensitive for UPNs and ids', () => {
    expect(pseudonymOf(key, 'Abbie.Wilkins@contoso.com')).toBe(ABBIE_UPN);
    expect(pseudonymOf(key, '821809F5-0000-0000-0000-3B5136C0E777', 'id')).toBe(ABBIE_ID);
  });

  it('compares phone numbers by + and digits only', () => {
    expect(pseudonymOf(key, '+1 (425) 555-0100', 'phone')).toBe(PHONE_14255550100);
    expect(pseudonymOf(key, '+14255550100', 'phone')).toBe(PHONE_14255550100);
  });

  it('gives the same person a different pseudonym in another tenant', () => {
    const other = tenantPseudonymKey(SECRET, 'tenant-b');

    expect(pseudonymOf(other, 'abbie.wilkins@contoso.com')).not.toBe(ABBIE_UPN);
  });
});

describe(pseudonymiseGraphObject.name, () => {
  it('leaves no name, UPN, user id or machine name of the example call', () => {
    for (const personal of [
      'Abbie Wilkins',
      'abbie.wilkins@contoso.com',
      '821809f5-0000-0000-0000-3b5136c0e777',
      'Owen Franklin',
      'owen.franklin@contoso.com',
      'f69e2c00-0000-0000-0000-185e5f5f5d8a',
      'machineName_2',
      'machineName_4',
      '10.150.0.2',
    ]) {
      expect(text).not.toContain(personal);
    }
  });

  it('replaces a person by the same pseudonym wherever they appear', () => {
    const caller = pseudonymised.sessions?.[0]?.caller as Record<string, Record<string, unknown>>;

    expect(caller['associatedIdentity']?.['id']).toBe(ABBIE_ID);
    expect(caller['associatedIdentity']?.['userPrincipalName']).toBe(ABBIE_UPN);
    expect(pseudonymised.organizer_v2?.id).toBe(ABBIE_ID);
    expect(pseudonymised.organizer_v2?.identity?.user?.id).toBe(ABBIE_ID);
  });

  it('keeps ids, tenant, times, subnets, devices and measures', () => {
    const network = pseudonymised.sessions?.[0]?.segments?.[0]?.media?.[0]?.callerNetwork;

    expect(pseudonymised.id).toBe(record.id);
    expect(pseudonymised.version).toBe(record.version);
    expect(pseudonymised.startDateTime).toBe(record.startDateTime);
    expect(text).toContain('dc368399-474c-4d40-900c-6265431fd81f');
    expect(network?.subnet).toBe('10.150.0.0');
    expect(network?.linkSpeed).toBe(54_000_000);
    expect(network?.ipAddress).toMatch(/^pn-/);
  });

  it('replaces participants_v2 and organizer_v2 ids by the user pseudonym', () => {
    const meeting = {
      organizer_v2: { id: '821809f5-0000-0000-0000-3b5136c0e777' },
      participants_v2: [{ id: '821809f5-0000-0000-0000-3b5136c0e777', identity: {} }],
    };

    const out = pseudonymiseGraphObject(meeting, key);

    expect(out.organizer_v2.id).toBe(ABBIE_ID);
    expect(out.participants_v2[0]?.id).toBe(ABBIE_ID);
  });

  it('replaces a phone participant by the pseudonym of its number', () => {
    const phone = { participants: [{ phone: { id: '+1 425 555 0100', displayName: 'Zed' } }] };

    const out = pseudonymiseGraphObject(phone, key);

    expect(out.participants[0]?.phone.id).toBe(PHONE_14255550100);
    expect(out.participants[0]?.phone.displayName).toMatch(/^pn-/);
  });

  it('replaces a PSTN row user by the pseudonyms a call record gives them', () => {
    const row = aPstnCallRow({
      userId: '821809f5-0000-0000-0000-3b5136c0e777',
      userPrincipalName: 'abbie.wilkins@contoso.com',
      calleeNumber: '+14255550100',
    });

    const out = pseudonymiseGraphObject(row, key);

    expect(out.userId).toBe(ABBIE_ID);
    expect(out.userPrincipalName).toBe(ABBIE_UPN);
    expect(out.calleeNumber).toBe(PHONE_14255550100);
    expect(out.userDisplayName).toMatch(/^pn-/);
    expect(out.userDisplayName).not.toContain('Richard');
    expect(out.charge).toBe(row.charge);
    expect(out.destinationName).toBe('United States');
  });

  it('keeps emergency and short service numbers, which name no subscriber', () => {
    const row = aDirectRoutingRow({ calleeNumber: '112', callerNumber: '+1234567890' });

    const out = pseudonymiseGraphObject(row, key);

    expect(out.calleeNumber).toBe('112');
    expect(out.callerNumber).toMatch(/^pn-/);
    expect(out.trunkFullyQualifiedDomainName).toBe('sbc.contoso.com');
  });
});
