import { describe, expect, it } from '@jest/globals';

import { coalesceNotifications } from './coalesce-notifications';

const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';

describe(coalesceNotifications.name, () => {
  it('keeps one fetch per record and marks the rest as duplicates', () => {
    const notifications = [
      { tenantId: T1, callRecordId: 'a', attempt: 1 },
      { tenantId: T1, callRecordId: 'b', attempt: 1 },
      { tenantId: T1, callRecordId: 'a', attempt: 1 },
    ];

    const fetches = coalesceNotifications(notifications);

    expect(fetches).toEqual([
      { tenantId: T1, callRecordId: 'a', leader: 0, duplicates: [2] },
      { tenantId: T1, callRecordId: 'b', leader: 1, duplicates: [] },
    ]);
  });

  it('treats the same record id in two tenants as two records', () => {
    const fetches = coalesceNotifications([
      { tenantId: T1, callRecordId: 'a', attempt: 1 },
      { tenantId: T2, callRecordId: 'a', attempt: 1 },
    ]);

    expect(fetches.map((f) => f.leader)).toEqual([0, 1]);
  });

  it('leads with the delivery that has the fewest attempts', () => {
    const fetches = coalesceNotifications([
      { tenantId: T1, callRecordId: 'a', attempt: 4 },
      { tenantId: T1, callRecordId: 'a', attempt: 1 },
    ]);

    expect(fetches).toEqual([{ tenantId: T1, callRecordId: 'a', leader: 1, duplicates: [0] }]);
  });

  it('returns nothing for no notifications', () => {
    expect(coalesceNotifications([])).toEqual([]);
  });
});
