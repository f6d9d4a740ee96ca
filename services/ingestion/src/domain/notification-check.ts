import type { ChangeNotification, LifecycleNotification } from '@callrecords/contracts';

import type { SubscriptionView } from './subscription-state';

// Trust nothing (issue #4): a notification counts only if its subscription is ours, its clientState
// matches the stored hash (constant time, contracts' matchesClientState) and its tenant is that
// subscription's tenant.

export type DropReason =
  | 'unknown-subscription'
  | 'client-state-mismatch'
  | 'tenant-mismatch'
  | 'unsupported-change'
  | 'invalid-body';

export interface AcceptedNotification {
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly callRecordId: string;
  readonly resource: string;
  readonly changeType: 'created' | 'updated';
  readonly subscriptionExpirationDateTime: string | undefined;
}

export type CheckResult<T> =
  | { readonly kind: 'accept'; readonly value: T }
  | { readonly kind: 'drop'; readonly reason: DropReason };

export interface TrustedSource {
  readonly lookup: (subscriptionId: string) => SubscriptionView | undefined;
  /** `matchesClientState` from contracts (constant time over SHA-256 digests). */
  readonly matches: (received: string | null | undefined, sha256Hex: string) => boolean;
}

type Common = Pick<ChangeNotification, 'subscriptionId' | 'clientState' | 'tenantId'>;

function checkOrigin(notification: Common, source: TrustedSource): CheckResult<SubscriptionView> {
  const subscription = source.lookup(notification.subscriptionId);
  if (subscription === undefined) {
    return { kind: 'drop', reason: 'unknown-subscription' };
  }
  if (!source.matches(notification.clientState, subscription.clientStateSha256)) {
    return { kind: 'drop', reason: 'client-state-mismatch' };
  }
  // Graph sends the tenant; if it does, it must be the subscription's (GUIDs compare
  // case-insensitively).
  const tenantId = notification.tenantId;
  if (tenantId !== undefined && tenantId.toLowerCase() !== subscription.tenantId.toLowerCase()) {
    return { kind: 'drop', reason: 'tenant-mismatch' };
  }
  return { kind: 'accept', value: subscription };
}

/**
 * `resourceData.id`, else the last segment of `communications/callRecords/{id}`
 * (libs/contracts/graph-reference/FACTS.md 1).
 */
export function callRecordIdOf(notification: ChangeNotification): string | undefined {
  const fromData = notification.resourceData?.id;
  if (fromData) {
    return fromData;
  }
  const match = /callRecords(?:\/|\(')([^/')]+)'?\)?$/i.exec(notification.resource);
  return match?.[1];
}

// callRecords notify only these (libs/contracts/graph-reference/FACTS.md 2); `deleted` or anything
// newer is not a record to fetch.
const NOTIFIED_CHANGES = ['created', 'updated'] as const;

export function checkChangeNotification(
  notification: ChangeNotification,
  source: TrustedSource,
): CheckResult<AcceptedNotification> {
  const origin = checkOrigin(notification, source);
  if (origin.kind === 'drop') {
    return origin;
  }
  const callRecordId = callRecordIdOf(notification);
  const changeType = NOTIFIED_CHANGES.find((type) => type === notification.changeType);
  if (callRecordId === undefined || changeType === undefined) {
    return { kind: 'drop', reason: 'unsupported-change' };
  }
  return {
    kind: 'accept',
    value: {
      tenantId: origin.value.tenantId,
      subscriptionId: notification.subscriptionId,
      callRecordId,
      resource: notification.resource,
      changeType,
      subscriptionExpirationDateTime: notification.subscriptionExpirationDateTime,
    },
  };
}

export type LifecycleChange = 'reauthorizationRequired' | 'removed' | 'missed';

const LIFECYCLE_CHANGES: Readonly<Record<string, LifecycleChange | undefined>> = {
  reauthorizationRequired: 'reauthorizationRequired',
  subscriptionRemoved: 'removed',
  missed: 'missed',
};

/** Graph's lifecycle event as our SubscriptionChange; unknown events are dropped (and logged). */
export function checkLifecycleNotification(
  notification: LifecycleNotification,
  source: TrustedSource,
): CheckResult<{ subscription: SubscriptionView; change: LifecycleChange }> {
  const origin = checkOrigin(notification, source);
  if (origin.kind === 'drop') {
    return origin;
  }
  const change = LIFECYCLE_CHANGES[notification.lifecycleEvent];
  return change === undefined
    ? { kind: 'drop', reason: 'unsupported-change' }
    : { kind: 'accept', value: { subscription: origin.value, change } };
}
