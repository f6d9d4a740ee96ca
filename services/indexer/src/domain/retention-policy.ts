import { isStartPastRetention } from '@callrecords/contracts';
import type { RetentionPolicy } from '@callrecords/contracts';

import type { IndexedEvent } from './index-writes';

// Per-tenant retention of personal data (README "Personal data"); the policy itself and its
// parsing live in @callrecords/contracts (every service reads PRIVACY_RETENTION_DAYS).

const DAY_MS = 86_400_000;

function callStartOf(event: IndexedEvent): string | null | undefined {
  const payload = event.payload;
  return 'callRecord' in payload ? payload.callRecord.startDateTime : payload.row.startDateTime;
}

/**
 * True when the event's call started before its tenant's cutoff: it must not be (re)indexed, so a
 * replay or rebuild cannot bring back what retention removed. A call without a start is kept.
 */
export function isPastRetention(
  policy: RetentionPolicy,
  event: IndexedEvent,
  nowMs: number,
): boolean {
  const started = Date.parse(callStartOf(event) ?? '');
  return isStartPastRetention(policy, event.tenantId, started, nowMs);
}

/**
 * The delete-by-query bodies that remove every document past retention: one per listed tenant,
 * and one for every other tenant under the default. Every indexed document has `tenantId` and
 * `startDateTime`.
 */
export function retentionDeleteQueries(
  policy: RetentionPolicy,
  nowMs: number,
): Record<string, unknown>[] {
  const before = (cutoff: number) => ({
    range: { startDateTime: { lt: new Date(cutoff).toISOString() } },
  });
  const queries: Record<string, unknown>[] = [];
  for (const [tenantId, days] of policy.byTenant) {
    if (days > 0) {
      const filter = [{ term: { tenantId } }, before(nowMs - days * DAY_MS)];
      queries.push({ bool: { filter } });
    }
  }
  if (policy.defaultDays > 0) {
    const listed = [...policy.byTenant.keys()];
    const cutoff = nowMs - policy.defaultDays * DAY_MS;
    queries.push({
      bool: {
        filter: [before(cutoff)],
        ...(listed.length > 0 ? { must_not: [{ terms: { tenantId: listed } }] } : {}),
      },
    });
  }
  return queries;
}
