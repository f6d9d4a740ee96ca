import { describe, expect, it } from '@jest/globals';

import { erasureTargetOf, identifierKindOf } from './erasure-target';
import { tenantPseudonymKey } from './pseudonymise';

const key = tenantPseudonymKey('test-secret-of-32-characters-!!', 'tenant-a');

describe(identifierKindOf.name, () => {
  it.each([
    ['adele.vance@contoso.com', 'upn'],
    ['+1 (425) 555-0100', 'phone'],
    ['+14255550100', 'phone'],
    ['821809f5-0000-0000-0000-3b5136c0e777', 'id'],
    ['112', 'id'],
  ])('reads %s as a %s', (identifier, kind) => {
    expect(identifierKindOf(identifier)).toBe(kind);
  });
});

describe(erasureTargetOf.name, () => {
  // The pseudonyms openssl gives (pseudonymise.spec.ts): the ones the sealed values carry.
  it.each([
    ['821809F5-0000-0000-0000-3B5136C0E777', 'pn-JHYnRTPQ1VW_UcSWPExQz4'],
    ['Abbie.Wilkins@contoso.com', 'pn-aCeCDtL-8TNCrv4avXwVf6'],
    ['+1 (425) 555-0100', 'pn-61pXEB96V9Gsaov0GiiVbV'],
  ])('names %s by %s', (identifier, pseudonym) => {
    expect(erasureTargetOf(key, identifier).pseudonym).toBe(pseudonym);
  });
});
