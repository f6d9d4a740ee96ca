import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { ReportKindSchema, ReportWindowSchema } from './time-window.schema';

/**
 * How far a tenant's report has been polled: `window` is the last window whose every page was
 * read and produced, and `window.toDateTime` is the watermark where the next poll starts.
 * Produced by the fetcher to the compacted watermarks topic keyed by `<tenantId>:<reportKind>`.
 */
export const ReportWatermarkV1PayloadSchema = z.object({
  reportKind: ReportKindSchema,
  window: ReportWindowSchema,
  /** Rows produced for `window` (`@odata.count` is not reliable across pages). */
  rowCount: z.int().nonnegative(),
  completedAt: IsoTimestampSchema,
});

export const ReportWatermarkV1Definition = defineEvent(
  'ReportWatermark',
  1,
  ReportWatermarkV1PayloadSchema,
);
export const ReportWatermarkV1Schema = ReportWatermarkV1Definition.schema;
export type ReportWatermarkV1 = z.infer<typeof ReportWatermarkV1Schema>;
export type ReportWatermarkV1Payload = ReportWatermarkV1['payload'];
