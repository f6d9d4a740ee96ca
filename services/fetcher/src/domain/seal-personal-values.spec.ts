import { describe, expect, it } from '@jest/globals';

import { openSealedValue, parseSealedValue } from '@callrecords/contracts';
import type { PersonKey } from '@callrecords/contracts';
import { aCallRecord, aPstnCallRow } from '@callrecords/testing';

import { tenantPseudonymKey } from './pseudonymise';
import { sealPersonalValues } from './seal-personal-values';

const tenantKey = tenantPseudonymKey('test-secret-of-32-characters-!!', 'tenant-a');
// Pseudonyms computed with openssl (see pseudonymise.spec.ts for the commands' formula).
const ABBIE_UPN = 'pn-aCeCDtL-8TNCrv4avXwVf6';
const ABBIE_ID = 'pn-JHYnRTPQ1VW_UcSWPExQz4';
const PHONE_14255550100 = 'pn-61pXEB96V9Gsaov0GiiVbV';

// One key per person, told apart by a kid naming the pseudonym; IVs count up.
const keyBytes = new Map<string, Buffer>();
function keyOf(pseudonym: string): PersonKey {
  let key = keyBytes.get(pseudonym);
  if (!key) {
    key = Buffer.alloc(32, keyBytes.size + 1);
    keyBytes.set(pseudonym, key);
  }
  return { kid: `k${keyBytes.size}`, key };
}
let ivCounter = 0;
const iv = (): Buffer => Buffer.from(String(++ivCounter).padStart(12, '0'));
const keys = { tenantKey, keyOf, iv };

function opened(value: unknown): { pseudonym: string; clear: string } {
  const parsed = parseSealedValue(String(value));
  if (!parsed) {
    throw new Error(`not sealed: ${String(value)}`);
  }
  return {
    pseudonym: parsed.pseudonym,
    clear: openSealedValue(parsed, keyBytes.get(parsed.pseudonym)!),
  };
}

describe(sealPersonalValues.name, () => {
  const record = aCallRecord();
  const sealed = sealPersonalValues(record, keys);
  const text = JSON.stringify(sealed.value);

  it('leaves no clear name, UPN, user id, machine name or address of the example call', () => {
    for (const personal of [
      'Abbie Wilkins',
      'abbie.wilkins@contoso.com',
      '821809f5-0000-0000-0000-3b5136c0e777',
      'Owen Franklin',
      'f69e2c00-0000-0000-0000-185e5f5f5d8a',
      'machineName_2',
      '10.150.0.2',
    ]) {
      expect(text.toLowerCase()).not.toContain(personal.toLowerCase());
    }
  });

  it("seals an identity's name and UPN with its user's key, under the user's pseudonym", () => {
    const caller = sealed.value.sessions?.[0]?.caller as Record<string, Record<string, unknown>>;

    expect(opened(caller['associatedIdentity']?.['displayName'])).toEqual({
      pseudonym: ABBIE_ID,
      clear: 'Abbie Wilkins',
    });
    expect(opened(caller['associatedIdentity']?.['userPrincipalName'])).toEqual({
      pseudonym: ABBIE_ID,
      clear: 'abbie.wilkins@contoso.com',
    });
  });

  it("seals a stream's caller address with the session caller's key", () => {
    const network = sealed.value.sessions?.[0]?.segments?.[0]?.media?.[0]?.callerNetwork;

    expect(opened(network?.ipAddress)).toEqual({ pseudonym: ABBIE_ID, clear: '10.150.0.2' });
    expect(network?.subnet).toBe('10.150.0.0');
  });

  it('names each person once, with the pseudonym of their UPN as an alias', () => {
    expect(sealed.persons.get(ABBIE_ID)).toEqual(new Set([ABBIE_UPN]));
  });

  it('seals a PSTN row user with the user key and each number with its own', () => {
    const row = aPstnCallRow({
      userId: '821809f5-0000-0000-0000-3b5136c0e777',
      userPrincipalName: 'abbie.wilkins@contoso.com',
      calleeNumber: '+1 425 555 0100',
    });

    const out = sealPersonalValues(row, keys).value;

    expect(opened(out.userPrincipalName).pseudonym).toBe(ABBIE_ID);
    expect(opened(out.calleeNumber)).toEqual({
      pseudonym: PHONE_14255550100,
      clear: '+1 425 555 0100',
    });
    expect(out.charge).toBe(row.charge);
  });

  it('uses a fresh IV for every value', () => {
    const row = aPstnCallRow({ userDisplayName: 'Same Name', userPrincipalName: 'Same Name' });

    const out = sealPersonalValues(row, keys).value;

    expect(out.userDisplayName).not.toBe(out.userPrincipalName);
  });
});
