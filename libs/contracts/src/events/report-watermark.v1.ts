import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { ReportKindSchema, ReportWindowSchema } from './time-window.schema';

/**
 * How far a tenant's report has been polled: `window` is the last window whose every page was
 * read and produced, and `window.toDateTime` is the watermark where the next poll starts. Rows
 * arrive late (the admin center says 24–48 h), so the span not yet settled is polled again.
 * Produced by the fetcher to the compacted watermarks topic keyed by `<tenantId>:<reportKind>`.
 */
export const ReportWatermarkV1PayloadSchema = z.object({
  reportKind: ReportKindSchema,
  window: ReportWindowSchema,
  /** Rows produced for `window` (`@odata.count` is not reliable across pages). */
  rowCount: z.int().nonnegative(),
  completedAt: IsoTimestampSchema,
  /**
   * "First polled to": every call that started before it has been polled at least once. Equals
   * `window.toDateTime`; absent on watermarks written before re-polling existed.
   */
  firstPolledTo: IsoTimestampSchema.optional(),
  /**
   * "Settled to": every call that started before it was polled again once it was older than the
   * fetcher's settle period, so Graph's late rows and corrections up to there are in. Absent on old
   * watermarks (read as `firstPolledTo` minus the settle period: that span is re-polled once).
   */
  settledTo: IsoTimestampSchema.optional(),
  /** When the unsettled span [settledTo, firstPolledTo) was last re-polled completely. */
  repolledAt: IsoTimestampSchema.optional(),
});

export const ReportWatermarkV1Definition = defineEvent(
  'ReportWatermark',
  1,
  ReportWatermarkV1PayloadSchema,
);
export const ReportWatermarkV1Schema = ReportWatermarkV1Definition.schema;
export type ReportWatermarkV1 = z.infer<typeof ReportWatermarkV1Schema>;
export type ReportWatermarkV1Payload = ReportWatermarkV1['payload'];
