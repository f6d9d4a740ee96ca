import { isStartPastRetention, tenantIdFromKey } from '@callrecords/contracts';
import type { RetentionPolicy } from '@callrecords/contracts';

/**
 * The latest message per key of one partition of a topic of calls, as the retention sweep folds
 * it: the message timestamp (the call's start, set by the fetcher), or null for a tombstone.
 */
export type LatestByKey = Map<string, number | null>;

/** Folds one message into the latest state of its key; messages without a key are not ours. */
export function foldLatest(
  latest: LatestByKey,
  message: {
    readonly key: string | null;
    readonly timestampMs: number;
    readonly tombstone: boolean;
  },
): void {
  if (message.key !== null) {
    latest.set(message.key, message.tombstone ? null : message.timestampMs);
  }
}

/**
 * The keys whose latest value is a call past its tenant's retention (README "Personal data"): each
 * gets a tombstone, so compaction removes every value of the key and a replay finds none. A key
 * already tombstoned, of a tenant kept forever, or without a tenant is left alone.
 */
export function expiredKeys(
  latest: ReadonlyMap<string, number | null>,
  policy: RetentionPolicy,
  nowMs: number,
): string[] {
  const expired: string[] = [];
  for (const [key, startedMs] of latest) {
    const tenantId = tenantIdFromKey(key);
    if (
      startedMs !== null &&
      tenantId !== undefined &&
      isStartPastRetention(policy, { tenantId, startedMs }, nowMs)
    ) {
      expired.push(key);
    }
  }
  return expired;
}
