import { z } from 'zod';

import { IsoTimestampSchema } from '../envelope';

/** Which Graph report a window or row belongs to. */
export const ReportKindSchema = z.enum(['pstn', 'directRouting']);
export type ReportKind = z.infer<typeof ReportKindSchema>;

/**
 * A report window as passed to getPstnCalls / getDirectRoutingCalls. PSTN treats both ends as
 * inclusive, Direct Routing excludes `toDateTime` (libs/contracts/graph-reference/FACTS.md §1,
 * facts 14 and 15).
 */
export const ReportWindowSchema = z
  .object({ fromDateTime: IsoTimestampSchema, toDateTime: IsoTimestampSchema })
  .refine((w) => Date.parse(w.fromDateTime) <= Date.parse(w.toDateTime), {
    message: 'fromDateTime must not be after toDateTime',
  });
export type ReportWindow = z.infer<typeof ReportWindowSchema>;

/** A half-open time range [start, end) over which something was computed (alerts, rollups). */
export const TimeRangeSchema = z
  .object({ start: IsoTimestampSchema, end: IsoTimestampSchema })
  .refine((r) => Date.parse(r.start) <= Date.parse(r.end), {
    message: 'start must not be after end',
  });
export type TimeRange = z.infer<typeof TimeRangeSchema>;
