import type { SubscriptionState, SubscriptionView } from './subscription-state';
import { currentSubscriptionOf, isLive, lastHealthyAt } from './subscription-state';
import { ALL_CALL_RECORDS } from './watched-users';

// When to renew, recreate or backfill, as a pure plan over the folded state (STYLE.md 2.1, "when to
// renew"). Graph: callRecord subscriptions live at most 4,230 minutes
// (libs/contracts/graph-reference/FACTS.md 3).

export const GRAPH_MAX_LIFETIME_MINUTES = 4230;
const MINUTE_MS = 60_000;
/** Renew between 60 % and 70 % of the lifetime: early enough to retry for hours before expiry. */
const RENEW_FROM = 0.6;
const RENEW_SPREAD = 0.1;

/**
 * A number in [0, 1) derived from the subscription id (FNV-1a): every replica computes the same
 * jitter.
 */
export function jitterOf(subscriptionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < subscriptionId.length; i += 1) {
    hash ^= subscriptionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/**
 * When to renew: 60–70 % into the lifetime measured from the last create/renew, spread by jitter.
 */
export function nextRenewalAt(
  subscription: Pick<SubscriptionView, 'expirationDateTime' | 'changedAt'>,
  jitter: number,
): Date {
  const start = Date.parse(subscription.changedAt);
  const lifetime = Math.max(0, Date.parse(subscription.expirationDateTime) - start);
  return new Date(start + lifetime * (RENEW_FROM + RENEW_SPREAD * jitter));
}

/** The expiry to ask Graph for: `lifetimeMinutes` from now, never above Graph's maximum. */
export function requestedExpiration(now: Date, lifetimeMinutes: number): Date {
  const minutes = Math.min(lifetimeMinutes, GRAPH_MAX_LIFETIME_MINUTES);
  return new Date(now.getTime() + minutes * MINUTE_MS);
}

export interface BackfillWindow {
  readonly from: Date;
  readonly to: Date;
}

export type SubscriptionAction =
  | { readonly kind: 'create'; readonly tenantId: string; readonly backfill?: BackfillWindow }
  | {
      readonly kind: 'renew';
      readonly tenantId: string;
      readonly subscriptionId: string;
      readonly backfill?: BackfillWindow;
    }
  /**
   * The watched people changed: Graph cannot PATCH a resource (only the expiry), so create one with
   * the new resource, then delete this one (overlap rather than gap: duplicates are harmless).
   */
  | {
      readonly kind: 'replace';
      readonly tenantId: string;
      readonly subscriptionId: string;
      readonly backfill?: BackfillWindow;
    };

export interface PlanInput {
  readonly state: SubscriptionState;
  readonly tenantIds: readonly string[];
  readonly now: Date;
  readonly backfill: BackfillPolicy;
  /** The resource each tenant must be subscribed to (domain/watched-users.ts); default everyone. */
  readonly resourceOf?: (tenantId: string) => string;
}

export interface BackfillPolicy {
  /** Subtracted from the start: backfill errs on the side of overlap (duplicates are harmless). */
  readonly overlapMs: number;
  /**
   * Graph keeps records 30 days (libs/contracts/graph-reference/FACTS.md 11): never list further
   * back than this.
   */
  readonly maxLookbackMs: number;
}

/** [last healthy moment − overlap, now], bounded by the lookback; undefined without history. */
export function backfillWindowFrom(
  since: Date | undefined,
  now: Date,
  policy: BackfillPolicy,
): BackfillWindow | undefined {
  if (since === undefined) {
    return undefined;
  }
  const from = Math.max(since.getTime() - policy.overlapMs, now.getTime() - policy.maxLookbackMs);
  return { from: new Date(Math.min(from, now.getTime())), to: now };
}

// A subscription marked missed keeps its backfill when it is replaced.
function missedGap(
  current: SubscriptionView,
  gap: () => BackfillWindow | undefined,
): BackfillWindow | undefined {
  return current.change === 'missed' ? gap() : undefined;
}

function planTenant(input: PlanInput, tenantId: string): SubscriptionAction | undefined {
  const { state, now } = input;
  const gap = (): BackfillWindow | undefined =>
    backfillWindowFrom(lastHealthyAt(state, tenantId), now, input.backfill);
  const current = currentSubscriptionOf(state, tenantId);
  if (current === undefined || !isLive(current, now)) {
    // Never had one, it expired, or Graph removed it: create one and list what we may have missed.
    return { kind: 'create', tenantId, backfill: gap() };
  }
  const wanted = input.resourceOf?.(tenantId) ?? ALL_CALL_RECORDS;
  if (current.payload.resource !== wanted) {
    const { subscriptionId } = current;
    return { kind: 'replace', tenantId, subscriptionId, backfill: missedGap(current, gap) };
  }
  const renew = { kind: 'renew', tenantId, subscriptionId: current.subscriptionId } as const;
  switch (current.change) {
    case 'missed':
      return { ...renew, backfill: gap() };
    case 'reauthorizationRequired':
      return renew;
    case 'created':
    case 'renewed':
    case 'reauthorized':
    case 'deleted':
    case 'removed':
      return now >= nextRenewalAt(current, jitterOf(current.subscriptionId)) ? renew : undefined;
  }
}

/** What the leader must do now, at most one action per tenant. */
export function planSubscriptions(input: PlanInput): SubscriptionAction[] {
  return input.tenantIds
    .map((tenantId) => planTenant(input, tenantId))
    .filter((action): action is SubscriptionAction => action !== undefined);
}
