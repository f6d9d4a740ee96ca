import { z } from 'zod';

import { EdmDateTimeOffsetSchema, openEnum } from './edm';

// Webhook bodies Graph POSTs to us. Not in the callRecords CSDL (they are
// graph.changeNotification), so written by hand from libs/contracts/graph-reference/FACTS.md §7 and
// checked against the examples in graph-examples.spec.ts.

const CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
const LIFECYCLE_EVENTS = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;

const common = {
  /** Not a GUID in every documented example; treat as an opaque id. */
  subscriptionId: z.string().min(1),
  subscriptionExpirationDateTime: EdmDateTimeOffsetSchema.optional(),
  /** Compare with the subscription's (hashed) clientState before trusting anything else. */
  clientState: z.string().max(128).nullable().optional(),
  tenantId: z.string().optional(),
};

const resourceData = {
  /**
   * e.g. `#Microsoft.Graph.callRecord`; casing varies between doc versions
   * (libs/contracts/graph-reference/FACTS.md §7).
   */
  '@odata.type': z.string().optional(),
  '@odata.id': z.string().optional(),
  '@odata.etag': z.string().optional(),
  /**
   * For callRecords: the call record id to fetch (libs/contracts/graph-reference/FACTS.md §1, fact
   * 1).
   */
  id: z.string().optional(),
};

function changeNotificationShape(strict: boolean) {
  return {
    ...common,
    id: z.string().optional(),
    changeType: strict ? z.enum(CHANGE_TYPES) : openEnum(CHANGE_TYPES),
    resource: z.string().min(1),
    // Open type in Graph: extra keys are allowed in both variants.
    resourceData: z.looseObject(resourceData).nullable().optional(),
    encryptedContent: z.unknown().optional(),
  };
}

/** One resource change notification (basic: callRecords never carry resource data). */
export const ChangeNotificationSchema = z.looseObject(changeNotificationShape(false));
export const ChangeNotificationStrictSchema = z.strictObject(changeNotificationShape(true));
export type ChangeNotification = z.infer<typeof ChangeNotificationSchema>;

/**
 * One lifecycle notification (libs/contracts/graph-reference/FACTS.md §1, fact 18); unknown events
 * pass and should be logged.
 */
export const LifecycleNotificationSchema = z.looseObject({
  ...common,
  lifecycleEvent: openEnum(LIFECYCLE_EVENTS),
});
export const LifecycleNotificationStrictSchema = z.strictObject({
  ...common,
  lifecycleEvent: z.enum(LIFECYCLE_EVENTS),
});
export type LifecycleNotification = z.infer<typeof LifecycleNotificationSchema>;

/** The body of a notification POST: several notifications, possibly of several subscriptions. */
export const ChangeNotificationCollectionSchema = z.looseObject({
  value: z.array(ChangeNotificationSchema),
  validationTokens: z.array(z.string()).optional(),
});
export const ChangeNotificationCollectionStrictSchema = z.strictObject({
  value: z.array(ChangeNotificationStrictSchema),
  validationTokens: z.array(z.string()).optional(),
});
export type ChangeNotificationCollection = z.infer<typeof ChangeNotificationCollectionSchema>;

export const LifecycleNotificationCollectionSchema = z.looseObject({
  value: z.array(LifecycleNotificationSchema),
});
export const LifecycleNotificationCollectionStrictSchema = z.strictObject({
  value: z.array(LifecycleNotificationStrictSchema),
});
export type LifecycleNotificationCollection = z.infer<typeof LifecycleNotificationCollectionSchema>;
