import {
  callRecordQuery,
  callRecordSortClauses,
  DEFAULT_CALL_RECORD_SORT,
  PERSONAL_CALL_RECORD_FILTERS,
} from './call-record-query';

describe(callRecordQuery.name, () => {
  it('matches everything without filters', () => {
    expect(callRecordQuery({})).toBeUndefined();
  });

  it.each([
    [{ types: ['groupCall'] }, { terms: { type: ['groupCall'] } }],
    [{ modalities: ['video'] }, { terms: { modalities: ['video'] } }],
    [{ participantId: 'u1' }, { term: { participantIds: 'u1' } }],
    [
      { participantUserPrincipalName: 'a@b.c' },
      {
        bool: {
          should: [
            { term: { participantUserPrincipalNames: 'a@b.c' } },
            { term: { 'organizer.userPrincipalName': 'a@b.c' } },
          ],
          minimum_should_match: 1,
        },
      },
    ],
    [{ organizerId: 'o1' }, { term: { 'organizer.id': 'o1' } }],
    [{ isPoor: true }, { term: { isPoor: true } }],
    [{ poorReasons: ['jitter'] }, { terms: { poorReasons: ['jitter'] } }],
    [{ platforms: ['android'] }, { terms: { platforms: ['android'] } }],
    [{ networkConnectionTypes: ['wifi'] }, { terms: { networkConnectionTypes: ['wifi'] } }],
    [{ hasFailure: false }, { term: { hasFailure: false } }],
    [
      { text: 'wilkins' },
      {
        multi_match: {
          query: 'wilkins',
          fields: ['participantNames', 'organizer.displayName'],
          operator: 'and',
        },
      },
    ],
  ])('filters %j with %j', (filter, clause) => {
    expect(callRecordQuery(filter)).toEqual({ bool: { filter: [clause] } });
  });

  it('combines filters with AND', () => {
    const query = callRecordQuery({ types: ['groupCall'], isPoor: true });

    expect(query).toEqual({
      bool: { filter: [{ terms: { type: ['groupCall'] } }, { term: { isPoor: true } }] },
    });
  });
});

describe(callRecordSortClauses.name, () => {
  it('breaks ties on the id in the same direction', () => {
    expect(callRecordSortClauses(DEFAULT_CALL_RECORD_SORT)).toEqual([
      { startDateTime: { order: 'desc' } },
      { id: { order: 'desc' } },
    ]);
  });
});

describe('PERSONAL_CALL_RECORD_FILTERS', () => {
  it('lists every filter naming a person', () => {
    expect([...PERSONAL_CALL_RECORD_FILTERS].sort()).toEqual([
      'organizerId',
      'participantId',
      'participantPhoneNumber',
      'participantUserPrincipalName',
      'text',
    ]);
  });
});
