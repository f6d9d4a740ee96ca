import { ALL_CALL_RECORDS, parseWatchedUsers, subscriptionResourceOf } from './watched-users';

const TENANT = 'dc368399-474c-4d40-900c-6265431fd81f';
const ABBIE = '821809f5-0000-0000-0000-3b5136c0e777';
const OTHER = '0a1b2c3d-0000-4000-8000-000000000002';

describe(parseWatchedUsers.name, () => {
  it('reads the users of each tenant, sorted and distinct', () => {
    const parsed = parseWatchedUsers(` ${TENANT}=${OTHER}, ${ABBIE},${OTHER} ;`);

    expect(parsed).toEqual({ ok: true, value: new Map([[TENANT, [OTHER, ABBIE]]]) });
  });

  it('is empty (everyone watched) for an empty text', () => {
    expect(parseWatchedUsers('')).toEqual({ ok: true, value: new Map() });
  });

  it.each([
    [`${TENANT}=${ABBIE}'`, 'a quote'],
    [`${TENANT}`, 'no users'],
    [`${TENANT}=`, 'an empty list'],
    [`not-a-tenant=${ABBIE}`, 'a tenant that is not a GUID'],
    [`${TENANT}=${ABBIE};${TENANT}=${OTHER}`, 'a tenant named twice'],
  ])('refuses %s (%s)', (text) => {
    expect(parseWatchedUsers(text).ok).toBe(false);
  });
});

describe(subscriptionResourceOf.name, () => {
  it('subscribes to every record when nobody is named', () => {
    expect(subscriptionResourceOf(undefined)).toBe('/communications/callRecords');
    expect(subscriptionResourceOf([])).toBe(ALL_CALL_RECORDS);
  });

  it("uses Graph's documented eq form for one person", () => {
    expect(subscriptionResourceOf([ABBIE])).toBe(
      `/communications/callRecords?$filter=participants/any(p:p/id eq '${ABBIE}')`,
    );
  });

  it('uses in (…) for several people', () => {
    expect(subscriptionResourceOf([OTHER, ABBIE])).toBe(
      `/communications/callRecords?$filter=participants/any(p:p/id in ('${OTHER}', '${ABBIE}'))`,
    );
  });
});
