import { createEvent, SubscriptionLifecycleV1Definition } from '@callrecords/contracts';
import type {
  SubscriptionLifecycleV1,
  SubscriptionLifecycleV1Payload,
} from '@callrecords/contracts';

/** The webhook URL of ingestion in the lifecycle builder (`<publicUrl>/webhooks/call-records`). */
export const EXAMPLE_NOTIFICATION_URL = 'https://ingestion.example.com/webhooks/call-records';

/**
 * A SubscriptionLifecycleV1 event as ingestion writes it (libs/contracts/graph-reference/FACTS.md 1–3: callRecords resource,
 * created+updated); `changedAt` defaults to the envelope's time, the expiry to 4,200 minutes later.
 */
export function aSubscriptionLifecycle(
  tenantId: string,
  payload: Partial<SubscriptionLifecycleV1Payload> & { readonly subscriptionId: string },
): SubscriptionLifecycleV1 {
  const changedAt = payload.changedAt ?? '2026-11-01T00:00:00.000Z';
  const expiry = new Date(Date.parse(changedAt) + 4200 * 60_000).toISOString();
  return createEvent(SubscriptionLifecycleV1Definition, {
    tenantId,
    occurredAt: changedAt,
    producedAt: changedAt,
    correlationId: '6a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
    payload: {
      change: 'created',
      expirationDateTime: expiry,
      resource: '/communications/callRecords',
      changeType: 'created,updated',
      notificationUrl: EXAMPLE_NOTIFICATION_URL,
      clientStateSha256: 'c'.repeat(64),
      changedAt,
      ...payload,
    },
  });
}
