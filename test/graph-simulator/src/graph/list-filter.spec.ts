import { describe, expect, it } from '@jest/globals';

import { ODataError } from './odata';
import { matchesListFilter, parseListFilter, participantIdsOf } from './list-filter';

const record = {
  id: 'r1',
  startDateTime: '2023-09-25T09:28:38Z',
  participants_v2: [{ id: 'p1', identity: { user: { id: 'u1' } } }],
};

describe(parseListFilter.name, () => {
  it('accepts the startDateTime and participants_v2 clauses Graph supports', () => {
    const filter = parseListFilter(
      "startDateTime ge 2023-09-25T00:00:00Z and participants_v2/any(p:p/id eq 'p1')",
    );

    expect(filter).toEqual({
      start: [{ op: 'ge', at: Date.parse('2023-09-25T00:00:00Z') }],
      participantIds: ['p1'],
    });
  });

  it.each(["type eq 'groupCall'", 'startDateTime eq 2023-09-25T00:00:00Z', 'version gt 1'])(
    'rejects %p',
    (filter) => {
      expect(() => parseListFilter(filter)).toThrow(ODataError);
    },
  );
});

describe(matchesListFilter.name, () => {
  it.each([
    ['startDateTime ge 2023-09-25T00:00:00Z', true],
    ['startDateTime lt 2023-09-25T09:28:38Z', false],
    ['startDateTime le 2023-09-25T09:28:38Z', true],
    ["participants_v2/any(p:p/id eq 'p1')", true],
    ["participants_v2/any(p:p/id eq 'p2')", false],
  ])('evaluates %p as %p', (filter, expected) => {
    expect(matchesListFilter(record, parseListFilter(filter))).toBe(expected);
  });
});

describe(participantIdsOf.name, () => {
  it('collects participant ids and the ids of their identities', () => {
    expect(participantIdsOf(record)).toEqual(new Set(['p1', 'u1']));
  });
});
