import { decodeCursor, encodeCursor, queryFingerprint } from './cursor';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const position = {
  tenantId: 'tenant-a',
  query: queryFingerprint({ sort: 'start' }),
  values: [1764195600000, 'rec:1~x'],
};

describe(encodeCursor.name, () => {
  it('round-trips numbers and strings with separators in them', () => {
    const cursor = encodeCursor(SECRET, position);

    expect(decodeCursor(SECRET, cursor, position)).toEqual(position.values);
  });

  it('is opaque: no tenant id or sort value in clear', () => {
    const cursor = encodeCursor(SECRET, position);

    expect(cursor).not.toContain('tenant-a');
    expect(cursor).not.toContain('rec:1');
  });
});

describe(decodeCursor.name, () => {
  const cursor = encodeCursor(SECRET, position);

  it.each([
    ['another tenant', { ...position, tenantId: 'tenant-b' }, SECRET, cursor],
    [
      'another query',
      { ...position, query: queryFingerprint({ sort: 'duration' }) },
      SECRET,
      cursor,
    ],
    ['another secret', position, `${SECRET}!`, cursor],
    ['an edited payload', position, SECRET, `x${cursor}`],
    ['garbage', position, SECRET, 'not-a-cursor'],
    ['an empty string', position, SECRET, ''],
  ])('refuses a cursor for %s', (...[, expected, secret, given]) => {
    expect(() => decodeCursor(secret, given, expected)).toThrow('invalid cursor');
  });
});

describe(queryFingerprint.name, () => {
  it('ignores key order and undefined values', () => {
    expect(queryFingerprint({ a: 1, b: [1, 2], c: undefined })).toBe(
      queryFingerprint({ b: [1, 2], a: 1 }),
    );
  });

  it('differs when a filter value differs', () => {
    expect(queryFingerprint({ a: 1 })).not.toBe(queryFingerprint({ a: 2 }));
  });
});
