import { describe, expect, it } from '@jest/globals';

import {
  applySelect,
  decodeSkipToken,
  encodeSkipToken,
  ODataError,
  pageOf,
  pageSizeFrom,
  parseExpand,
} from './odata';

describe(parseExpand.name, () => {
  it('parses nested expansions and several items', () => {
    const expand = parseExpand('sessions($expand=segments),participants_v2');

    expect(expand).toEqual([
      {
        name: 'sessions',
        expand: [{ name: 'segments', expand: [], select: undefined }],
        select: undefined,
      },
      { name: 'participants_v2', expand: [], select: undefined },
    ]);
  });

  it('reads a nested $select beside a nested $expand', () => {
    const [sessions] = parseExpand('sessions($select=id,modalities;$expand=segments)');

    expect(sessions?.select).toEqual(['id', 'modalities']);
  });

  it('rejects an unclosed parenthesis', () => {
    expect(() => parseExpand('sessions($expand=segments')).toThrow(ODataError);
  });
});

describe(pageSizeFrom.name, () => {
  it.each([
    [undefined, 60],
    ['odata.maxpagesize=10', 10],
    ['odata.maxpagesize=500', 60],
    ['include-unknown-enum-members, odata.maxpagesize=5', 5],
  ])('reads Prefer %p as %p with a maximum of 60', (prefer, expected) => {
    expect(pageSizeFrom(prefer, 60)).toBe(expected);
  });
});

describe(encodeSkipToken.name, () => {
  it('round-trips a page position', () => {
    const token = encodeSkipToken({ offset: 120, pageSize: 60 });

    expect(decodeSkipToken(token)).toEqual({ offset: 120, pageSize: 60 });
  });

  it('rejects a token it did not make', () => {
    expect(() => decodeSkipToken('abc')).toThrow(ODataError);
  });
});

describe(pageOf.name, () => {
  it('gives the next position only when items remain', () => {
    const items = [1, 2, 3, 4, 5];

    expect(pageOf(items, { offset: 0, pageSize: 2 })).toEqual({
      items: [1, 2],
      next: { offset: 2, pageSize: 2 },
    });
    expect(pageOf(items, { offset: 4, pageSize: 2 })).toEqual({ items: [5], next: undefined });
  });
});

describe(applySelect.name, () => {
  it('keeps selected properties and their annotations', () => {
    const entity = { id: '1', version: 2, type: 'peerToPeer', 'version@odata.type': '#Int64' };

    expect(applySelect(entity, ['version'])).toEqual({
      version: 2,
      'version@odata.type': '#Int64',
    });
  });
});
