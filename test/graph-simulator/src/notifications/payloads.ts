import type { JsonObject } from '../simulator.types';
import type { ChangeType } from '../subscriptions/subscription-rules';

// Notification bodies in Graph's shape (examples/change-notification-callrecord-created.json and
// examples/lifecycle-*.json). callRecords are basic notifications: no resource data
// (libs/contracts/graph-reference/FACTS.md 1).

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = [
  'reauthorizationRequired',
  'subscriptionRemoved',
  'missed',
];

export interface NotifiedSubscription {
  readonly id: string;
  readonly tenantId: string;
  readonly clientState: string | null;
  readonly expirationDateTime: string;
}

export function changeNotification(
  subscription: NotifiedSubscription,
  changeType: ChangeType,
  callRecordId: string,
): JsonObject {
  const resource = `communications/callRecords/${callRecordId}`;
  return {
    subscriptionId: subscription.id,
    clientState: subscription.clientState,
    changeType,
    resource,
    subscriptionExpirationDateTime: subscription.expirationDateTime,
    resourceData: {
      '@odata.type': '#Microsoft.Graph.callRecord',
      '@odata.id': resource,
      id: callRecordId,
    },
    tenantId: subscription.tenantId,
  };
}

export function lifecycleNotification(
  subscription: NotifiedSubscription,
  lifecycleEvent: LifecycleEvent,
): JsonObject {
  return {
    subscriptionId: subscription.id,
    subscriptionExpirationDateTime: subscription.expirationDateTime,
    tenantId: subscription.tenantId,
    clientState: subscription.clientState,
    lifecycleEvent,
  };
}
