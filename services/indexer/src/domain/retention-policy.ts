import type { IndexedEvent } from './index-writes';

// Per-tenant retention of personal data (README "Personal data"): a call is kept `days` whole days
// after it started, counted back from now. `0` keeps it forever.

const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** Days for every tenant not listed; 0 = keep forever. */
  readonly defaultDays: number;
  readonly byTenant: ReadonlyMap<string, number>;
}

export const KEEP_FOREVER: RetentionPolicy = { defaultDays: 0, byTenant: new Map() };

/**
 * Parses `PRIVACY_RETENTION_DAYS`: a default, then `<tenant>=<days>` overrides, comma-separated
 * (`30`, `30,contoso-id=90`, `0,fabrikam-id=7`). Throws on anything else.
 */
export function parseRetentionPolicy(text: string): RetentionPolicy {
  const [first, ...rest] = text.split(',').map((part) => part.trim());
  const days = (value: string | undefined): number => {
    if (value === undefined || !/^\d+$/.test(value)) {
      throw new Error(`expected whole days, got "${value ?? ''}"`);
    }
    return Number(value);
  };
  const byTenant = new Map<string, number>();
  for (const part of rest) {
    const [tenant, value] = part.split('=').map((item) => item.trim());
    if (!tenant || value === undefined) {
      throw new Error(`expected <tenant>=<days>, got "${part}"`);
    }
    byTenant.set(tenant, days(value));
  }
  return { defaultDays: days(first), byTenant };
}

/** Epoch ms before which a tenant's calls are past retention; undefined when kept forever. */
export function retentionCutoffMs(
  policy: RetentionPolicy,
  tenantId: string,
  nowMs: number,
): number | undefined {
  const days = policy.byTenant.get(tenantId) ?? policy.defaultDays;
  return days > 0 ? nowMs - days * DAY_MS : undefined;
}

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
  const cutoff = retentionCutoffMs(policy, event.tenantId, nowMs);
  const started = Date.parse(callStartOf(event) ?? '');
  return cutoff !== undefined && !Number.isNaN(started) && started < cutoff;
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
