import { participantIdsOf } from '../graph/list-filter';
import type { SeedOutcome } from '../data/store';
import type { SimulatorContext } from '../simulator-context';
import type { JsonObject } from '../simulator.types';
import type { SubscriptionState } from '../subscriptions/subscription-registry';
import { changeTypeFor } from './change-types';
import type { LifecycleEvent } from './payloads';
import { changeNotification, lifecycleNotification } from './payloads';

// Turns store changes into notifications for every matching subscription of the tenant.

function matchesResourceFilter(state: SubscriptionState, record: JsonObject): boolean {
  const wanted = state.request.participantIds;
  if (!wanted) {
    return true;
  }
  const ids = participantIdsOf(record);
  return wanted.some((id) => ids.has(id));
}

function notifiedSubscription(state: SubscriptionState): {
  id: string;
  tenantId: string;
  clientState: string | null;
  expirationDateTime: string;
} {
  return {
    id: state.id,
    tenantId: state.tenantId,
    clientState: state.request.clientState,
    expirationDateTime: state.request.expirationDateTime,
  };
}

/**
 * Called after a record was stored: `created`/`updated` per libs/contracts/graph-reference/FACTS.md
 * 2, nothing for a same-version replace.
 */
export function notifyRecordChange(
  context: SimulatorContext,
  change: { readonly tenantId: string; readonly record: JsonObject; readonly outcome: SeedOutcome },
): number {
  const recordId = String(change.record['id']);
  let queued = 0;
  for (const state of context.subscriptions.list(change.tenantId, Date.now())) {
    if (!matchesResourceFilter(state, change.record)) {
      continue;
    }
    const changeType = changeTypeFor({
      subscribedTo: state.request.changeTypes,
      alreadySeen: state.seen.has(recordId),
      isNewVersion: change.outcome !== 'replaced',
    });
    if (!changeType) {
      continue;
    }
    state.seen.add(recordId);
    const item = {
      subscriptionId: state.id,
      notification: changeNotification(notifiedSubscription(state), changeType, recordId),
    };
    // A subscription waiting for reauthorization loses what happens meanwhile
    // (libs/contracts/graph-reference/FACTS.md section 7).
    if (state.needsReauthorization) {
      context.dispatcher.recordDropped(
        state.request.notificationUrl,
        item,
        'subscription needs reauthorization',
      );
      continue;
    }
    context.dispatcher.enqueue(state.request.notificationUrl, item);
    queued += 1;
  }
  return queued;
}

/** Sends one lifecycle event and applies its effect on the subscription. */
export function fireLifecycleEvent(
  context: SimulatorContext,
  state: SubscriptionState,
  event: LifecycleEvent,
): void {
  const url = state.request.lifecycleNotificationUrl;
  if (!url) {
    throw new Error(`subscription ${state.id} has no lifecycleNotificationUrl`);
  }
  context.dispatcher.sendLifecycle(url, {
    subscriptionId: state.id,
    notification: lifecycleNotification(notifiedSubscription(state), event),
  });
  if (event === 'subscriptionRemoved') {
    context.subscriptions.delete(state.id);
  } else if (event === 'reauthorizationRequired') {
    state.needsReauthorization = true;
  }
}
