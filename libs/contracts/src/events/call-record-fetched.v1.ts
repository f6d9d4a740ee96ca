import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { CallRecordSchema } from '../graph/call-record.schema';
import type { CallRecord } from '../graph/call-record.schema';
import { EdmDateTimeOffsetSchema } from '../graph/edm';

function leftoverNextLinks(record: CallRecord): string[] {
  const nested = (record.sessions ?? []).filter((s) => s['segments@odata.nextLink'] !== undefined);
  return [
    ...(record['sessions@odata.nextLink'] === undefined ? [] : ['sessions@odata.nextLink']),
    ...(record['participants_v2@odata.nextLink'] === undefined
      ? []
      : ['participants_v2@odata.nextLink']),
    ...nested.map((s) => `sessions[${s.id}].segments@odata.nextLink`),
  ];
}

/**
 * A complete call record as Graph had it at `fetchedAt`: every page of sessions (with segments)
 * and participants_v2 merged in. Produced by the fetcher to the compacted records topic, keyed by
 * `<tenantId>:<callRecord.id>`, so the topic keeps the latest fetched version of each record.
 */
export const CallRecordFetchedV1PayloadSchema = z
  .object({
    /** Graph's shape, lenient: fields Graph adds later are kept, not stripped. */
    callRecord: CallRecordSchema,
    /** `callRecord.version`, copied for consumers that order or skip without reading the record. */
    version: z.int().nonnegative(),
    /** `callRecord.lastModifiedDateTime`, copied likewise. */
    lastModifiedDateTime: EdmDateTimeOffsetSchema,
    fetchedAt: IsoTimestampSchema,
    /** Graph requests the fetch took (the record plus every nextLink page). */
    graphRequestCount: z.int().positive(),
  })
  .superRefine((payload, ctx) => {
    if (payload.version !== payload.callRecord.version) {
      ctx.addIssue({
        code: 'custom',
        path: ['version'],
        message: 'differs from callRecord.version',
      });
    }
    if (payload.lastModifiedDateTime !== payload.callRecord.lastModifiedDateTime) {
      const path = ['lastModifiedDateTime'];
      ctx.addIssue({
        code: 'custom',
        path,
        message: 'differs from callRecord.lastModifiedDateTime',
      });
    }
    for (const link of leftoverNextLinks(payload.callRecord)) {
      ctx.addIssue({ code: 'custom', path: ['callRecord'], message: `unfollowed ${link}` });
    }
  });

export const CallRecordFetchedV1Definition = defineEvent(
  'CallRecordFetched',
  1,
  CallRecordFetchedV1PayloadSchema,
);
export const CallRecordFetchedV1Schema = CallRecordFetchedV1Definition.schema;
export type CallRecordFetchedV1 = z.infer<typeof CallRecordFetchedV1Schema>;
export type CallRecordFetchedV1Payload = CallRecordFetchedV1['payload'];
