import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { EdmDateTimeOffsetSchema } from '../graph/edm';

const common = {
  /**
   * The call record to fetch: `resourceData.id` of the notification
   * (libs/contracts/graph-reference/FACTS.md §1, fact 1).
   */
  callRecordId: z.string().min(1),
  /** As Graph sent it, e.g. `communications/callRecords/{id}`. */
  resource: z.string().min(1),
  /**
   * callRecords only notify `created` and `updated` (libs/contracts/graph-reference/FACTS.md §1,
   * fact 2); backfill uses `updated`.
   */
  changeType: z.enum(['created', 'updated']),
  /** When ingestion accepted the notification or backfill listed the record. */
  receivedAt: IsoTimestampSchema,
};

/**
 * "This call record may be new or changed: fetch it." Produced by ingestion for each webhook
 * notification (after the clientState check, which is why clientState is not here) and by backfill
 * for each listed record. The tenant is the envelope's `tenantId`.
 */
export const NotificationReceivedV1PayloadSchema = z.discriminatedUnion('source', [
  z.object({
    ...common,
    source: z.literal('webhook'),
    subscriptionId: z.string().min(1),
    subscriptionExpirationDateTime: EdmDateTimeOffsetSchema.optional(),
  }),
  z.object({ ...common, source: z.literal('backfill') }),
]);

export const NotificationReceivedV1Definition = defineEvent(
  'NotificationReceived',
  1,
  NotificationReceivedV1PayloadSchema,
);
export const NotificationReceivedV1Schema = NotificationReceivedV1Definition.schema;
export type NotificationReceivedV1 = z.infer<typeof NotificationReceivedV1Schema>;
export type NotificationReceivedV1Payload = NotificationReceivedV1['payload'];
