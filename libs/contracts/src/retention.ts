import { z } from 'zod';

import type { CallRecordFetchedV1 } from './events/call-record-fetched.v1';
import type { DirectRoutingCallRowV1 } from './events/direct-routing-call-row.v1';
import type { PstnCallRowV1 } from './events/pstn-call-row.v1';

// Per-tenant retention of personal data (README "Personal data"): one setting,
// `PRIVACY_RETENTION_DAYS`, read by every service. A call is kept `days` whole days after it
// started, counted back from now; `0` keeps it forever.

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

/** The `PRIVACY_RETENTION_DAYS` config key, as every service's config schema declares it. */
export const privacyRetentionSetting = z
  .string()
  .default('0')
  .transform((text, ctx): RetentionPolicy => {
    try {
      return parseRetentionPolicy(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  })
  .describe(
    'Days a call is kept after it started, then `<tenant>=<days>` overrides (`30,contoso-id=90`); 0 = forever. Set the same value for every service (README "Personal data")',
  );

/** Days of one tenant; 0 = forever. */
export function retentionDaysOf(policy: RetentionPolicy, tenantId: string): number {
  return policy.byTenant.get(tenantId) ?? policy.defaultDays;
}

/** Epoch ms before which a tenant's calls are past retention; undefined when kept forever. */
export function retentionCutoffMs(
  policy: RetentionPolicy,
  tenantId: string,
  nowMs: number,
): number | undefined {
  const days = retentionDaysOf(policy, tenantId);
  return days > 0 ? nowMs - days * DAY_MS : undefined;
}

/** True when a call of the tenant that started at `startedMs` is past retention at `nowMs`. */
export function isStartPastRetention(
  policy: RetentionPolicy,
  call: { readonly tenantId: string; readonly startedMs: number },
  nowMs: number,
): boolean {
  const { tenantId, startedMs } = call;
  const cutoff = retentionCutoffMs(policy, tenantId, nowMs);
  return cutoff !== undefined && !Number.isNaN(startedMs) && startedMs < cutoff;
}

/** An event of a call: a record, a PSTN row or a Direct Routing row. */
export type CallEvent = CallRecordFetchedV1 | PstnCallRowV1 | DirectRoutingCallRowV1;

/**
 * True when the event's call started before its tenant's cutoff: it must not be (re)indexed or
 * counted, so a replay or rebuild cannot bring back what retention removed. A call without a
 * start is kept.
 */
export function isCallPastRetention(
  policy: RetentionPolicy,
  event: CallEvent,
  nowMs: number,
): boolean {
  const payload = event.payload;
  const start =
    'callRecord' in payload ? payload.callRecord.startDateTime : payload.row.startDateTime;
  return isStartPastRetention(
    policy,
    { tenantId: event.tenantId, startedMs: Date.parse(start ?? '') },
    nowMs,
  );
}

/**
 * The longest retention of any tenant, in days; 0 when some tenant keeps forever (the default
 * is 0, or a tenant's override is). Topics holding calls keep their bytes this long at most.
 */
export function longestRetentionDays(policy: RetentionPolicy): number {
  const all = [policy.defaultDays, ...policy.byTenant.values()];
  return all.includes(0) ? 0 : Math.max(...all);
}

/** The shortest finite retention of any tenant, in days; 0 when every tenant keeps forever. */
export function shortestRetentionDays(policy: RetentionPolicy): number {
  const finite = [policy.defaultDays, ...policy.byTenant.values()].filter((days) => days > 0);
  return finite.length === 0 ? 0 : Math.min(...finite);
}

/** True when some tenant keeps its calls shorter than the longest retention (topics need tombstones). */
export function hasShorterTenants(policy: RetentionPolicy): boolean {
  const longest = longestRetentionDays(policy);
  const finite = [policy.defaultDays, ...policy.byTenant.values()].filter((days) => days > 0);
  return finite.some((days) => longest === 0 || days < longest);
}

export const RETENTION_DAY_MS = DAY_MS;

/**
 * OpenSearch delete-by-query bodies that remove every document past retention, dated by the ISO
 * time in `field`: one per listed tenant, and one for every other tenant under the default. The
 * documents must have `tenantId`.
 */
export function retentionDeleteQueriesOn(
  field: string,
  policy: RetentionPolicy,
  nowMs: number,
): Record<string, unknown>[] {
  const before = (cutoff: number) => ({
    range: { [field]: { lt: new Date(cutoff).toISOString() } },
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
