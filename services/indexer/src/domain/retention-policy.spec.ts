import { describe, expect, it } from '@jest/globals';

import { aCallRecordFetched, aPstnCallRowEvent, EXAMPLE_TENANT_ID } from '@callrecords/testing';
import { isCallPastRetention, KEEP_FOREVER, parseRetentionPolicy } from '@callrecords/contracts';

import { retentionDeleteQueries } from './retention-policy';

// The example call started 2020-02-25T18:52:21.217Z; 30 days later (February 2020 has 29 days) is
// 2020-03-26T18:52:21.217Z.
const THIRTY_DAYS_LATER = Date.parse('2020-03-26T18:52:21.217Z');

describe(isCallPastRetention.name, () => {
  const policy = parseRetentionPolicy(`0,${EXAMPLE_TENANT_ID}=30`);

  it('is past once the call started more than the tenant’s days ago', () => {
    expect(isCallPastRetention(policy, aCallRecordFetched(), THIRTY_DAYS_LATER + 1)).toBe(true);
    expect(isCallPastRetention(policy, aCallRecordFetched(), THIRTY_DAYS_LATER - 1)).toBe(false);
  });

  it('dates a report row by its start (2019-11-01T00:00:08Z)', () => {
    const row = aPstnCallRowEvent();

    expect(isCallPastRetention(policy, row, Date.parse('2019-12-01T00:00:09Z'))).toBe(true);
    expect(isCallPastRetention(policy, row, Date.parse('2019-12-01T00:00:08Z'))).toBe(false);
  });

  it('keeps everything of a tenant kept forever', () => {
    expect(isCallPastRetention(KEEP_FOREVER, aCallRecordFetched(), Date.parse('2099-01-01'))).toBe(
      false,
    );
  });
});

describe(retentionDeleteQueries.name, () => {
  it('deletes per listed tenant, then every other tenant under the default', () => {
    const policy = parseRetentionPolicy('30,contoso=1,fabrikam=0');
    const now = Date.parse('2026-12-03T12:00:00Z');

    const queries = retentionDeleteQueries(policy, now);

    expect(queries).toEqual([
      {
        bool: {
          filter: [
            { term: { tenantId: 'contoso' } },
            { range: { startDateTime: { lt: '2026-12-02T12:00:00.000Z' } } },
          ],
        },
      },
      {
        bool: {
          filter: [{ range: { startDateTime: { lt: '2026-11-03T12:00:00.000Z' } } }],
          must_not: [{ terms: { tenantId: ['contoso', 'fabrikam'] } }],
        },
      },
    ]);
  });

  it('deletes nothing when everything is kept forever', () => {
    expect(retentionDeleteQueries(KEEP_FOREVER, Date.parse('2099-01-01'))).toEqual([]);
  });
});
