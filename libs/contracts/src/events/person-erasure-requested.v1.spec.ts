import { describe, expect, it } from '@jest/globals';

import { ErasureIdentifierSchema } from './person-erasure-requested.v1';

describe('ErasureIdentifierSchema', () => {
  it.each([
    ['a user id', '6e7b768e-07e2-4810-8459-485f84f8f204'],
    ['a UPN', 'adele.vance@contoso.com'],
    ['an E.164 number', '+14255550100'],
    ['a number with spaces', '+1 425 555 0100'],
  ])('accepts %s', (_what, identifier) => {
    expect(ErasureIdentifierSchema.safeParse(identifier).success).toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['a name', 'Adele Vance'],
    ['a half GUID', '6e7b768e-07e2-4810'],
    ['an address without domain', 'adele@contoso'],
    ['a query fragment', '*'],
  ])('refuses %s', (_what, identifier) => {
    expect(ErasureIdentifierSchema.safeParse(identifier).success).toBe(false);
  });
});
