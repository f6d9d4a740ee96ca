import { z } from 'zod';

import {
  CallRecordSchema as GeneratedCallRecordSchema,
  CallRecordStrictSchema as GeneratedCallRecordStrictSchema,
  DirectRoutingLogRowSchema as GeneratedDirectRoutingLogRowSchema,
  DirectRoutingLogRowStrictSchema as GeneratedDirectRoutingLogRowStrictSchema,
  ParticipantSchema,
  ParticipantStrictSchema,
  PstnCallLogRowSchema as GeneratedPstnCallLogRowSchema,
  PstnCallLogRowStrictSchema as GeneratedPstnCallLogRowStrictSchema,
  SessionSchema,
  SessionStrictSchema,
} from './generated/call-records';

// The Graph shapes our edges accept: the generated schemas, tightened where the pipeline relies on
// a field. Lenient schemas parse Graph responses at run time; strict ones are for tests and the
// simulator.

// (id, version) makes upserts idempotent and safe out of order; lastModifiedDateTime dates the
// version (libs/contracts/graph-reference/FACTS.md §1, fact 13). A record without them cannot be
// stored correctly, so it is refused.
const REQUIRED_FOR_ORDERING = { version: true, lastModifiedDateTime: true } as const;

/** A callRecord from Graph (lenient: unknown keys kept, open enums). `version` is required. */
export const CallRecordSchema = GeneratedCallRecordSchema.required(REQUIRED_FOR_ORDERING);
/** A callRecord with CSDL names and enum members only; for tests and the Graph simulator. */
export const CallRecordStrictSchema =
  GeneratedCallRecordStrictSchema.required(REQUIRED_FOR_ORDERING);
export type CallRecord = z.infer<typeof CallRecordSchema>;

// Report rows are keyed by their GUID id on Kafka and in the index; callId is not unique
// (libs/contracts/graph-reference/FACTS.md §3).
const ROW_ID = { id: z.string().min(1) };

/** A getPstnCalls row (lenient). `id` is required: it is the row's key. */
export const PstnCallLogRowSchema = GeneratedPstnCallLogRowSchema.extend(ROW_ID);
export const PstnCallLogRowStrictSchema = GeneratedPstnCallLogRowStrictSchema.extend(ROW_ID);
export type PstnCallLogRow = z.infer<typeof PstnCallLogRowSchema>;

/** A getDirectRoutingCalls row (lenient). `id` is required: it is the row's key. */
export const DirectRoutingLogRowSchema = GeneratedDirectRoutingLogRowSchema.extend(ROW_ID);
export const DirectRoutingLogRowStrictSchema =
  GeneratedDirectRoutingLogRowStrictSchema.extend(ROW_ID);
export type DirectRoutingLogRow = z.infer<typeof DirectRoutingLogRowSchema>;

const PAGE_CONTROL = {
  '@odata.context': z.string().optional(),
  '@odata.count': z.int().nonnegative().optional(),
  /**
   * Opaque: follow it verbatim until it is absent (libs/contracts/graph-reference/FACTS.md §4,
   * "Paging rules").
   */
  '@odata.nextLink': z.string().optional(),
};

/** One page of a Graph collection (`{ value: [...], @odata.nextLink? }`), lenient. */
export function graphPageSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({ ...PAGE_CONTROL, value: z.array(item) });
}

/** One page of a Graph collection with no keys beyond the OData control ones. */
export function graphPageStrictSchema<T extends z.ZodType>(item: T) {
  return z.strictObject({ ...PAGE_CONTROL, value: z.array(item) });
}

/** GET /communications/callRecords (List: records without sessions or participants_v2). */
export const CallRecordPageSchema = graphPageSchema(CallRecordSchema);
export const CallRecordPageStrictSchema = graphPageStrictSchema(CallRecordStrictSchema);
/** GET /communications/callRecords/{id}/sessions. */
export const SessionPageSchema = graphPageSchema(SessionSchema);
export const SessionPageStrictSchema = graphPageStrictSchema(SessionStrictSchema);
/** GET /communications/callRecords/{id}/participants_v2. */
export const ParticipantPageSchema = graphPageSchema(ParticipantSchema);
export const ParticipantPageStrictSchema = graphPageStrictSchema(ParticipantStrictSchema);
/** getPstnCalls(fromDateTime, toDateTime). */
export const PstnCallLogPageSchema = graphPageSchema(PstnCallLogRowSchema);
export const PstnCallLogPageStrictSchema = graphPageStrictSchema(PstnCallLogRowStrictSchema);
/** getDirectRoutingCalls(fromDateTime, toDateTime). */
export const DirectRoutingLogPageSchema = graphPageSchema(DirectRoutingLogRowSchema);
export const DirectRoutingLogPageStrictSchema = graphPageStrictSchema(
  DirectRoutingLogRowStrictSchema,
);

export type CallRecordPage = z.infer<typeof CallRecordPageSchema>;
export type SessionPage = z.infer<typeof SessionPageSchema>;
export type ParticipantPage = z.infer<typeof ParticipantPageSchema>;
export type PstnCallLogPage = z.infer<typeof PstnCallLogPageSchema>;
export type DirectRoutingLogPage = z.infer<typeof DirectRoutingLogPageSchema>;
