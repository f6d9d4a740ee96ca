import { describe, expect, it } from '@jest/globals';

import { parseRetentionPolicy } from '@callrecords/contracts';

import { expiredKeys, foldLatest } from './expired-keys';
import type { LatestByKey } from './expired-keys';

const NOW = Date.parse('2026-12-03T12:00:00Z');
// 7 days before NOW is 2026-11-26T12:00:00Z; 30 days before is 2026-11-03T12:00:00Z.
const policy = parseRetentionPolicy('30,short=7,forever=0');

function latestOf(messages: readonly { key: string | null; at: string | null }[]): LatestByKey {
  const latest: LatestByKey = new Map();
  for (const { key, at } of messages) {
    foldLatest(latest, { key, timestampMs: at ? Date.parse(at) : 0, tombstone: at === null });
  }
  return latest;
}

describe(expiredKeys.name, () => {
  it('tombstones calls that started before their own tenant’s cutoff, only those', () => {
    const latest = latestOf([
      { key: 'short:r1', at: '2026-11-26T11:59:59Z' },
      { key: 'short:r2', at: '2026-11-26T12:00:00Z' },
      { key: 'other:r3', at: '2026-11-26T11:59:59Z' },
      { key: 'other:r4', at: '2026-11-03T11:59:59Z' },
      { key: 'forever:r5', at: '2000-01-01T00:00:00Z' },
    ]);

    expect(expiredKeys(latest, policy, NOW)).toEqual(['short:r1', 'other:r4']);
  });

  it('leaves a key alone once its latest message is a tombstone', () => {
    const latest = latestOf([
      { key: 'short:r1', at: '2026-11-01T00:00:00Z' },
      { key: 'short:r1', at: null },
    ]);

    expect(expiredKeys(latest, policy, NOW)).toEqual([]);
  });

  it('judges a key by its latest message (a later version of the same call)', () => {
    const latest = latestOf([
      { key: 'short:r1', at: '2026-12-01T00:00:00Z' },
      { key: 'short:r1', at: '2026-11-01T00:00:00Z' },
    ]);

    expect(expiredKeys(latest, policy, NOW)).toEqual(['short:r1']);
  });

  it('ignores keys without a tenant and messages without a key', () => {
    const latest = latestOf([
      { key: 'no-tenant', at: '2000-01-01T00:00:00Z' },
      { key: null, at: '2000-01-01T00:00:00Z' },
    ]);

    expect(expiredKeys(latest, policy, NOW)).toEqual([]);
  });
});
