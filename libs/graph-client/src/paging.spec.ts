import { describe, expect, it } from '@jest/globals';

import { mergeCallRecord, pageOf } from './paging';

describe(pageOf.name, () => {
  it('reads value and nextLink of a collection page', () => {
    expect(pageOf({ value: [1], '@odata.nextLink': 'https://next' })).toEqual({
      value: [1],
      nextLink: 'https://next',
    });
  });

  it('treats a page without value or link as empty and last', () => {
    expect(pageOf({})).toEqual({ value: [], nextLink: undefined });
  });
});

describe(mergeCallRecord.name, () => {
  it('replaces the first page with every page and drops the nextLink annotations', () => {
    const first = { id: 'r', sessions: [1], 'sessions@odata.nextLink': 'https://next', version: 2 };

    const merged = mergeCallRecord(first, { sessions: [1, 2], participants: [3] });

    expect(merged).toEqual({ id: 'r', version: 2, sessions: [1, 2], participants_v2: [3] });
  });
});
