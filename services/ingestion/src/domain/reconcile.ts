import type { BackfillWindow } from './renewal';
import type { SubscriptionState, SubscriptionView } from './subscription-state';
import { currentSubscriptionOf, isLive, laterIso, subscriptionsOf } from './subscription-state';

// Graph is the truth about which subscriptions exist; the subscriptions topic is our memory of them.
// A leader compares both (GET /subscriptions lists the calling app's subscriptions, libs/contracts/graph-reference/FACTS.md §7) and
// repairs the difference: a subscription deleted without a lifecycle notification, a topic restored
// from an older backup or wiped, a second deployment of the same app registration.

/** A subscription as GET /subscriptions lists it. */
export interface ListedSubscription {
  readonly id: string;
  readonly notificationUrl: string;
  readonly expirationDateTime: string;
}

export type DeleteReason = 'duplicate' | 'unknown' | 'tenant-removed';

export type ReconcileAction =
  /** Our live subscription is gone from Graph: record it removed, create one, list the gap. */
  | { readonly kind: 'recreate'; readonly tenantId: string; readonly subscriptionId: string }
  /** Graph's expiry differs from ours: renew now, so both agree and the schedule restarts. */
  | { readonly kind: 'renew'; readonly tenantId: string; readonly subscriptionId: string }
  /** A subscription of this deployment's URL that is not the one we keep. */
  | {
      readonly kind: 'delete';
      readonly tenantId: string;
      readonly subscriptionId: string;
      readonly reason: DeleteReason;
    }
  /** An unknown one created moments ago: maybe a former leader's create still being recorded. */
  | { readonly kind: 'wait'; readonly tenantId: string; readonly subscriptionId: string };

/** Expiries closer than this are equal (Graph may render the same instant with other digits). */
export const EXPIRY_TOLERANCE_MS = 60_000;
/** An unknown subscription younger than this is left for a later reconcile (see 'wait'). */
export const UNKNOWN_GRACE_MS = 2 * 60_000;
const MINUTE_MS = 60_000;

export interface ReconcileInput {
  readonly state: SubscriptionState;
  readonly tenantId: string;
  /** What Graph listed for the tenant (only the calling app's subscriptions). */
  readonly listed: readonly ListedSubscription[];
  /** This deployment's webhook URL: unknown subscriptions with another URL belong to others. */
  readonly notificationUrl: string;
  /** The lifetime we ask for: an unknown subscription's expiry tells roughly when it was created. */
  readonly lifetimeMinutes: number;
  readonly now: Date;
}

function isFresh(listed: ListedSubscription, input: ReconcileInput): boolean {
  const createdAround = Date.parse(listed.expirationDateTime) - input.lifetimeMinutes * MINUTE_MS;
  return createdAround > input.now.getTime() - UNKNOWN_GRACE_MS;
}

function expiryDiffers(listed: ListedSubscription, view: SubscriptionView): boolean {
  const difference = Date.parse(listed.expirationDateTime) - Date.parse(view.expirationDateTime);
  return Math.abs(difference) > EXPIRY_TOLERANCE_MS;
}

/**
 * What to repair for one configured tenant. Unknown subscriptions of other URLs are never touched
 * (another deployment of the same app registration, or a former URL of ours we no longer know). Unknown
 * ones of our URL are deleted, not adopted: only the clientState hash of the subscriptions we
 * created is known, so none of their notifications could be trusted (they would all be dropped).
 */
export function reconcileTenant(input: ReconcileInput): ReconcileAction[] {
  const { state, tenantId, now } = input;
  // Ours: known to our memory (whatever URL it was created with) or sent to our URL.
  const ours = input.listed.filter(
    (listed) =>
      listed.notificationUrl === input.notificationUrl ||
      state.subscriptions.get(listed.id)?.tenantId === tenantId,
  );
  const current = currentSubscriptionOf(state, tenantId);
  // Expired by our memory but listed by Graph (a topic restored from an older backup): still ours.
  const listedCurrent = ours.some((listed) => listed.id === current?.subscriptionId);
  const kept = current && (isLive(current, now) || listedCurrent) ? current : undefined;
  const actions: ReconcileAction[] = [];
  for (const listed of ours.filter((s) => s.id !== kept?.subscriptionId)) {
    const known = state.subscriptions.get(listed.id)?.tenantId === tenantId;
    if (known || !isFresh(listed, input)) {
      const reason = known ? 'duplicate' : 'unknown';
      actions.push({ kind: 'delete', tenantId, subscriptionId: listed.id, reason });
    } else {
      actions.push({ kind: 'wait', tenantId, subscriptionId: listed.id });
    }
  }
  const waiting = actions.some((action) => action.kind === 'wait');
  const onGraph = ours.find((listed) => listed.id === kept?.subscriptionId);
  if (kept && !onGraph && !waiting) {
    actions.unshift({ kind: 'recreate', tenantId, subscriptionId: kept.subscriptionId });
  } else if (kept && onGraph && expiryDiffers(onGraph, kept)) {
    actions.unshift({ kind: 'renew', tenantId, subscriptionId: kept.subscriptionId });
  }
  return actions;
}

/** Live subscriptions of tenants no longer configured: delete them (they still cost Graph quota). */
export function removedTenantActions(
  state: SubscriptionState,
  tenantIds: readonly string[],
  now: Date,
): ReconcileAction[] {
  const removed = new Set(
    [...state.subscriptions.values()]
      .map((view) => view.tenantId)
      .filter((tenantId) => !tenantIds.includes(tenantId)),
  );
  return [...removed].flatMap((tenantId) =>
    subscriptionsOf(state, tenantId)
      .filter((view) => isLive(view, now))
      .map((view) => ({
        kind: 'delete' as const,
        tenantId,
        subscriptionId: view.subscriptionId,
        reason: 'tenant-removed' as const,
      })),
  );
}

export interface SilenceInput {
  /** The tenant's subscription we keep (live). */
  readonly current: Pick<SubscriptionView, 'change' | 'healthyAt'>;
  /** The newest change notification of the tenant known to this replica. */
  readonly lastNotificationAt: string | undefined;
  readonly now: Date;
  readonly thresholdMs: number;
}

/**
 * Since when a healthy subscription has been silent, when longer than the threshold (undefined
 * otherwise): measured from the later of its last notification and its last create/renew. A
 * subscription already marked `missed` or `reauthorizationRequired` is being repaired.
 */
export function silentSince(input: SilenceInput): Date | undefined {
  const { current, now, thresholdMs } = input;
  if (current.change === 'missed' || current.change === 'reauthorizationRequired') {
    return undefined;
  }
  const since = laterIso(input.lastNotificationAt, current.healthyAt);
  if (since === undefined || now.getTime() - Date.parse(since) <= thresholdMs) {
    return undefined;
  }
  return new Date(since);
}

/** One window covering both (a tenant is listed once even when two triggers ask for it). */
export function mergeWindows(a: BackfillWindow | undefined, b: BackfillWindow): BackfillWindow {
  if (a === undefined) {
    return b;
  }
  return {
    from: new Date(Math.min(a.from.getTime(), b.from.getTime())),
    to: new Date(Math.max(a.to.getTime(), b.to.getTime())),
  };
}
