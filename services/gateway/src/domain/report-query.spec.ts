import { directRoutingCallQuery, pstnCallQuery } from './report-query';

const either = (value: string) => ({
  bool: {
    should: [{ term: { callerNumber: value } }, { term: { calleeNumber: value } }],
    minimum_should_match: 1,
  },
});

describe(pstnCallQuery.name, () => {
  it.each([
    [{ callTypes: ['user_in'] }, { terms: { callType: ['user_in'] } }],
    [{ userId: 'u1' }, { term: { userId: 'u1' } }],
    [{ userPrincipalName: 'a@b.c' }, { term: { userPrincipalName: 'a@b.c' } }],
    [{ phoneNumber: '+1' }, either('+1')],
    [{ usageCountryCodes: ['US'] }, { terms: { usageCountryCode: ['US'] } }],
    [{ currency: 'USD' }, { term: { currency: 'USD' } }],
  ])('filters %j with %j', (filter, clause) => {
    expect(pstnCallQuery(filter)).toEqual({ bool: { filter: [clause] } });
  });
});

describe(directRoutingCallQuery.name, () => {
  it.each([
    [{ successfulCall: false }, { term: { successfulCall: false } }],
    [
      { trunkFullyQualifiedDomainNames: ['sbc.contoso.com'] },
      { terms: { trunkFullyQualifiedDomainName: ['sbc.contoso.com'] } },
    ],
    [{ finalSipCodes: [487] }, { terms: { finalSipCode: [487] } }],
    [{ phoneNumber: '+1' }, either('+1')],
  ])('filters %j with %j', (filter, clause) => {
    expect(directRoutingCallQuery(filter)).toEqual({ bool: { filter: [clause] } });
  });

  it('matches everything without filters', () => {
    expect(directRoutingCallQuery({})).toBeUndefined();
  });
});
