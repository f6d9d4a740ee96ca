import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { EdmDateTimeOffsetSchema } from '../graph/edm';

/**
 * What happened to a Graph subscription. Ours: `created`, `renewed` (PATCH), `reauthorized`,
 * `deleted` (DELETE). Graph's lifecycle notifications (libs/contracts/graph-reference/FACTS.md §1,
 * fact 18; §7): `reauthorizationRequired`, `removed` (subscriptionRemoved), `missed` (resync
 * needed).
 */
export const SUBSCRIPTION_CHANGES = [
  'created',
  'renewed',
  'reauthorized',
  'deleted',
  'reauthorizationRequired',
  'removed',
  'missed',
] as const;
export const SubscriptionChangeSchema = z.enum(SUBSCRIPTION_CHANGES);
export type SubscriptionChange = z.infer<typeof SubscriptionChangeSchema>;

/**
 * The latest known state of one subscription, produced by ingestion to the compacted
 * subscriptions topic keyed by `<tenantId>:<subscriptionId>`: replaying it rebuilds the state.
 */
export const SubscriptionLifecycleV1PayloadSchema = z.object({
  subscriptionId: z.string().min(1),
  change: SubscriptionChangeSchema,
  expirationDateTime: EdmDateTimeOffsetSchema,
  /**
   * e.g. `/communications/callRecords` (libs/contracts/graph-reference/FACTS.md §1, facts 1 and 5).
   */
  resource: z.string().min(1),
  /** As sent to Graph, e.g. `created,updated`. */
  changeType: z.string().min(1),
  notificationUrl: z.url(),
  lifecycleNotificationUrl: z.url().optional(),
  /**
   * SHA-256 (hex) of the clientState, never the secret: every reader of the topic could forge
   * notifications with it (see client-state.ts for why a bare hash is enough).
   */
  clientStateSha256: z.string().regex(/^[0-9a-f]{64}$/),
  changedAt: IsoTimestampSchema,
  /**
   * Optional (added in v1, absent from older events): the latest time the producer saw a change
   * notification of this subscription arrive, as known when this event was written. A backfill
   * may start there (minus an overlap) instead of at the last healthy change.
   */
  lastNotificationAt: IsoTimestampSchema.optional(),
});

export const SubscriptionLifecycleV1Definition = defineEvent(
  'SubscriptionLifecycle',
  1,
  SubscriptionLifecycleV1PayloadSchema,
);
export const SubscriptionLifecycleV1Schema = SubscriptionLifecycleV1Definition.schema;
export type SubscriptionLifecycleV1 = z.infer<typeof SubscriptionLifecycleV1Schema>;
export type SubscriptionLifecycleV1Payload = SubscriptionLifecycleV1['payload'];
