import { retentionDeleteQueriesOn } from '@callrecords/contracts';
import type { RetentionPolicy } from '@callrecords/contracts';

// Per-tenant retention of personal data (README "Personal data"); the policy itself and its
// parsing live in @callrecords/contracts (every service reads PRIVACY_RETENTION_DAYS).

/**
 * The delete-by-query bodies that remove every document past retention. Every indexed document
 * has `tenantId` and `startDateTime` (the call's start).
 */
export function retentionDeleteQueries(
  policy: RetentionPolicy,
  nowMs: number,
): Record<string, unknown>[] {
  return retentionDeleteQueriesOn('startDateTime', policy, nowMs);
}
