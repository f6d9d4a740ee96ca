import type {
  SubscriptionChange,
  SubscriptionLifecycleV1,
  SubscriptionLifecycleV1Payload,
} from '@callrecords/contracts';

// The subscriptions topic folded into memory: every replica runs the same reducer over the same
// events, so they agree on which subscription is live and which clientState hash it has.

export interface SubscriptionView {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly change: SubscriptionChange;
  readonly expirationDateTime: string;
  readonly clientStateSha256: string;
  readonly changedAt: string;
  /** Set when this subscription was last known healthy: created, renewed or reauthorized. */
  readonly healthyAt: string | undefined;
  /** The latest `lastNotificationAt` any event of it carried (never goes back). */
  readonly lastNotificationAt: string | undefined;
  /** The latest event's payload, to publish the next change of the same subscription. */
  readonly payload: SubscriptionLifecycleV1Payload;
}

export interface SubscriptionState {
  readonly subscriptions: ReadonlyMap<string, SubscriptionView>;
}

export const EMPTY_SUBSCRIPTION_STATE: SubscriptionState = { subscriptions: new Map() };

const HEALTHY_CHANGES: ReadonlySet<SubscriptionChange> = new Set([
  'created',
  'renewed',
  'reauthorized',
]);
const GONE_CHANGES: ReadonlySet<SubscriptionChange> = new Set(['deleted', 'removed']);

/**
 * Applies one event. Last writer wins by `changedAt`, so a replica that applied its own write
 * before the consumer redelivers older events never goes back in time.
 */
export function applySubscriptionEvent(
  state: SubscriptionState,
  event: SubscriptionLifecycleV1,
): SubscriptionState {
  const { payload } = event;
  const current = state.subscriptions.get(payload.subscriptionId);
  if (current && Date.parse(current.changedAt) > Date.parse(payload.changedAt)) {
    return state;
  }
  const healthyAt = HEALTHY_CHANGES.has(payload.change) ? payload.changedAt : current?.healthyAt;
  const lastNotificationAt = laterIso(current?.lastNotificationAt, payload.lastNotificationAt);
  const next = new Map(state.subscriptions);
  next.set(payload.subscriptionId, {
    tenantId: event.tenantId,
    subscriptionId: payload.subscriptionId,
    change: payload.change,
    expirationDateTime: payload.expirationDateTime,
    clientStateSha256: payload.clientStateSha256,
    changedAt: payload.changedAt,
    healthyAt,
    lastNotificationAt,
    payload,
  });
  return { subscriptions: next };
}

/** Whether Graph may still deliver for it: not deleted/removed and not expired at `now`. */
export function isLive(view: SubscriptionView, now: Date): boolean {
  return !GONE_CHANGES.has(view.change) && Date.parse(view.expirationDateTime) > now.getTime();
}

/** Every subscription of a tenant, newest change first. */
export function subscriptionsOf(state: SubscriptionState, tenantId: string): SubscriptionView[] {
  return [...state.subscriptions.values()]
    .filter((view) => view.tenantId === tenantId)
    .sort((a, b) => Date.parse(b.changedAt) - Date.parse(a.changedAt));
}

/** The tenant's subscription we keep: the newest one that is not gone (it may have expired). */
export function currentSubscriptionOf(
  state: SubscriptionState,
  tenantId: string,
): SubscriptionView | undefined {
  return subscriptionsOf(state, tenantId).find((view) => !GONE_CHANGES.has(view.change));
}

/** The later of two optional ISO timestamps (undefined when both are). */
export function laterIso(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) {
    return a ?? b;
  }
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Graph retries an undelivered notification for up to 4 hours
 * (libs/contracts/graph-reference/FACTS.md §1, fact 7): when one arrived at T, others created
 * before it may still be in retry and later be dropped.
 */
export const GRAPH_RETRY_WINDOW_MS = 4 * 60 * 60_000;

/**
 * Until when notifications of one subscription are known to have flowed: the later of its last
 * healthy change and its last recorded notification minus Graph's retry window (undefined
 * without either).
 */
export function flowedUntil(
  view: Pick<SubscriptionView, 'healthyAt' | 'lastNotificationAt'>,
): string | undefined {
  const seen =
    view.lastNotificationAt === undefined
      ? undefined
      : new Date(Date.parse(view.lastNotificationAt) - GRAPH_RETRY_WINDOW_MS).toISOString();
  return laterIso(view.healthyAt, seen);
}

/**
 * The last moment the tenant's notifications were known to flow (newest healthy change or recorded
 * notification): a backfill after an outage, a `missed` or a `subscriptionRemoved` starts there.
 */
export function lastHealthyAt(state: SubscriptionState, tenantId: string): Date | undefined {
  const times = subscriptionsOf(state, tenantId)
    .map((view) => flowedUntil(view))
    .map((time) => (time === undefined ? Number.NaN : Date.parse(time)))
    .filter((time) => !Number.isNaN(time));
  return times.length === 0 ? undefined : new Date(Math.max(...times));
}

/**
 * The payload to publish, carrying the latest "last notification seen" known: the payload's own,
 * the folded one and the one this replica saw (`seenAt`). Unchanged when none is known.
 */
export function withLastNotification(
  payload: SubscriptionLifecycleV1Payload,
  folded: string | undefined,
  seenAt: string | undefined,
): SubscriptionLifecycleV1Payload {
  const latest = laterIso(laterIso(payload.lastNotificationAt, folded), seenAt);
  return latest === undefined ? payload : { ...payload, lastNotificationAt: latest };
}
