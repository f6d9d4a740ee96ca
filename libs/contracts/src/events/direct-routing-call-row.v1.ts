import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { DirectRoutingLogRowSchema } from '../graph/call-record.schema';
import { ReportWindowSchema } from './time-window.schema';

/**
 * One getDirectRoutingCalls row and the window it was polled in (`toDateTime` exclusive,
 * libs/contracts/graph-reference/FACTS.md §1, fact 15). Produced by the fetcher to the compacted
 * direct-routing-calls topic keyed by `<tenantId>:<row.id>`.
 */
export const DirectRoutingCallRowV1PayloadSchema = z.object({
  row: DirectRoutingLogRowSchema,
  window: ReportWindowSchema,
  fetchedAt: IsoTimestampSchema,
});

export const DirectRoutingCallRowV1Definition = defineEvent(
  'DirectRoutingCallRow',
  1,
  DirectRoutingCallRowV1PayloadSchema,
);
export const DirectRoutingCallRowV1Schema = DirectRoutingCallRowV1Definition.schema;
export type DirectRoutingCallRowV1 = z.infer<typeof DirectRoutingCallRowV1Schema>;
export type DirectRoutingCallRowV1Payload = DirectRoutingCallRowV1['payload'];
