import { retentionCutoffMs } from '@callrecords/contracts';
import type { RetentionPolicy } from '@callrecords/contracts';

import { retentionCutoff } from './buckets';

const HOUR_MS = 3_600_000;

/**
 * The first kept hour (ISO) of contributions, per tenant: a contribution whose hour starts before
 * its tenant's cutoff stops counting in lookups and leaves the changelog. `undefined`: kept.
 */
export interface ContributionCutoffs {
  /** For every tenant not listed. */
  readonly default: string | undefined;
  /** Tenants with a retention of their own (PRIVACY_RETENTION_DAYS overrides). */
  readonly byTenant: ReadonlyMap<string, string | undefined>;
}

export const KEEP_ALL_CONTRIBUTIONS: ContributionCutoffs = {
  default: undefined,
  byTenant: new Map(),
};

/**
 * Cutoffs from both settings: AGGREGATOR_RETENTION_DAYS (whole days, per deployment, rollups too)
 * and the tenant's PRIVACY_RETENTION_DAYS, whichever removes more. The privacy cutoff is floored
 * to its hour: every call of an hour before it started before the cutoff (removed up to an hour
 * late, never early).
 */
export function contributionCutoffs(
  now: Date,
  aggregatorDays: number,
  privacy: RetentionPolicy,
): ContributionCutoffs {
  const deployment = aggregatorDays > 0 ? retentionCutoff(now, aggregatorDays) : undefined;
  const of = (tenantId: string | undefined): string | undefined => {
    const cutoffMs =
      tenantId === undefined
        ? privacy.defaultDays > 0
          ? now.getTime() - privacy.defaultDays * 86_400_000
          : undefined
        : retentionCutoffMs(privacy, tenantId, now.getTime());
    const personal =
      cutoffMs === undefined
        ? undefined
        : new Date(Math.floor(cutoffMs / HOUR_MS) * HOUR_MS).toISOString();
    return later(deployment, personal);
  };
  return {
    default: of(undefined),
    byTenant: new Map([...privacy.byTenant.keys()].map((tenantId) => [tenantId, of(tenantId)])),
  };
}

/** The cutoff of one tenant. */
export function cutoffOf(cutoffs: ContributionCutoffs, tenantId: string): string | undefined {
  return cutoffs.byTenant.has(tenantId) ? cutoffs.byTenant.get(tenantId) : cutoffs.default;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) {
    return a ?? b;
  }
  return a > b ? a : b;
}
