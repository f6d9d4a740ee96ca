import { describe, expect, it } from '@jest/globals';

import { createPseudonymiser } from './pseudonymiser.service';

const SECRET = 'test-secret-of-32-characters-!!';
const row = { userPrincipalName: 'abbie.wilkins@contoso.com', charge: 0.5 };

describe(createPseudonymiser.name, () => {
  it('refuses to start pseudonymous tenants without a secret', () => {
    expect(() => createPseudonymiser({ FETCHER_PSEUDONYMOUS_TENANTS: ['tenant-a'] })).toThrow(
      /FETCHER_PSEUDONYM_SECRET/,
    );
  });

  it('pseudonymises the listed tenants only', () => {
    const pseudonymiser = createPseudonymiser({
      FETCHER_PSEUDONYMOUS_TENANTS: ['tenant-a'],
      FETCHER_PSEUDONYM_SECRET: SECRET,
    });

    // The pseudonym of this UPN under tenant-a's key (computed with openssl, see pseudonymise.spec.ts).
    expect(pseudonymiser.apply('tenant-a', row)).toEqual({
      userPrincipalName: 'pn-aCeCDtL-8TNCrv4avXwVf6',
      charge: 0.5,
    });
    expect(pseudonymiser.apply('tenant-b', row)).toBe(row);
  });

  it('pseudonymises every tenant with *', () => {
    const pseudonymiser = createPseudonymiser({
      FETCHER_PSEUDONYMOUS_TENANTS: ['*'],
      FETCHER_PSEUDONYM_SECRET: SECRET,
    });

    expect(pseudonymiser.isPseudonymous('any-tenant')).toBe(true);
    expect(pseudonymiser.apply('any-tenant', row).userPrincipalName).toMatch(/^pn-/);
  });

  it('changes nothing when no tenant is listed', () => {
    const pseudonymiser = createPseudonymiser({ FETCHER_PSEUDONYMOUS_TENANTS: [] });

    expect(pseudonymiser.apply('tenant-a', row)).toBe(row);
  });
});
