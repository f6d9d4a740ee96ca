import { mergeParties, partyOfEndpoint, partyOfIdentitySet } from './parties';

describe(partyOfIdentitySet.name, () => {
  it.each([
    [{ user: { id: 'u1', displayName: 'Ann' } }, ['u1', 'Ann', null]],
    [{ phone: { id: '+15550100' } }, [null, null, '+15550100']],
    [{ user: null, guest: { id: 'g1', displayName: 'Guest' } }, ['g1', 'Guest', null]],
    [{ user: null }, undefined],
  ])('reads %j', (set, expected) => {
    const party = partyOfIdentitySet(set);
    const seen = party ? [party.id, party.displayName, party.phone] : undefined;

    expect(seen).toEqual(expected);
  });
});

describe(partyOfEndpoint.name, () => {
  it('reads participant endpoints only', () => {
    const identity = { id: 'u1', userPrincipalName: 'ann@contoso.com' };
    const participant = {
      '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
      associatedIdentity: identity,
    };
    const service = { '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint' };

    expect(partyOfEndpoint(participant)?.userPrincipalName).toBe('ann@contoso.com');
    expect(partyOfEndpoint(service)).toBeNull();
  });
});

describe(mergeParties.name, () => {
  it('completes a party known twice by id', () => {
    const merged = mergeParties([
      { id: 'u1', displayName: 'Ann', userPrincipalName: null, phone: null },
      { id: 'u1', displayName: null, userPrincipalName: 'ann@contoso.com', phone: null },
    ]);

    expect(merged).toEqual([
      { id: 'u1', displayName: 'Ann', userPrincipalName: 'ann@contoso.com', phone: null },
    ]);
  });
});
