import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { PstnCallLogRowSchema } from '../graph/call-record.schema';
import { ReportWindowSchema } from './time-window.schema';

/**
 * One getPstnCalls row and the window it was polled in. Produced by the fetcher to the compacted
 * pstn-calls topic keyed by `<tenantId>:<row.id>`: windows overlap at their edges (both ends
 * inclusive, libs/contracts/graph-reference/FACTS.md §1, fact 14), and the key makes a row seen
 * twice one row.
 */
export const PstnCallRowV1PayloadSchema = z.object({
  row: PstnCallLogRowSchema,
  window: ReportWindowSchema,
  fetchedAt: IsoTimestampSchema,
});

export const PstnCallRowV1Definition = defineEvent('PstnCallRow', 1, PstnCallRowV1PayloadSchema);
export const PstnCallRowV1Schema = PstnCallRowV1Definition.schema;
export type PstnCallRowV1 = z.infer<typeof PstnCallRowV1Schema>;
export type PstnCallRowV1Payload = PstnCallRowV1['payload'];
