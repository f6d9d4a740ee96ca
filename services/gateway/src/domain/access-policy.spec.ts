import { accessOf, assertMayFilterOn, redact, ROLE_AGGREGATES, ROLE_FULL } from './access-policy';

describe(accessOf.name, () => {
  it.each([
    [[ROLE_FULL], 'full'],
    [[ROLE_AGGREGATES], 'aggregates'],
    [[ROLE_AGGREGATES, ROLE_FULL], 'full'],
    [['CallRecords.Read.All'], undefined],
    [[], undefined],
  ])('grants %j access %s', (roles, expected) => {
    expect(accessOf(roles)).toBe(expected);
  });
});

describe(assertMayFilterOn.name, () => {
  const personal = ['participantPhoneNumber', 'text'];

  it('lets full access filter on anything', () => {
    expect(() =>
      assertMayFilterOn('full', { participantPhoneNumber: '+1' }, personal),
    ).not.toThrow();
  });

  it('refuses a personal filter to aggregates access, naming the field', () => {
    expect(() =>
      assertMayFilterOn('aggregates', { participantPhoneNumber: '+1', isPoor: true }, personal),
    ).toThrow(/participantPhoneNumber/);
  });

  it('lets aggregates access filter on non-personal fields', () => {
    expect(() =>
      assertMayFilterOn('aggregates', { isPoor: true, text: undefined }, personal),
    ).not.toThrow();
  });
});

describe(redact.name, () => {
  it('keeps the value for full access and hides it otherwise', () => {
    expect([redact('full', 'a'), redact('aggregates', 'a')]).toEqual(['a', null]);
  });
});
