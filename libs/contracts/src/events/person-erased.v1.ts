import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';

/**
 * The audit record of one erasure request (README "Personal data"): who asked, when, and which
 * pseudonym was erased; never the clear identifier. Written for every request, a repeated one
 * included (then `keysDeleted` is 0). Keyed `<tenantId>:<pseudonym>` on the erasures topic.
 */
export const PersonErasedV1PayloadSchema = z.object({
  pseudonym: z.string().regex(/^[A-Za-z0-9_-]+$/),
  /** What the requester named the person by (the value itself is not kept). */
  identifierKind: z.enum(['id', 'upn', 'phone']),
  /** Who asked: an operator name (CLI) or the token subject (GraphQL). */
  requestedBy: z.string().min(1),
  requestedAt: IsoTimestampSchema,
  /** Person keys tombstoned by this request (their pseudonyms, `<pseudonym>:<kid>`). */
  keysDeleted: z.array(z.string()),
  /** The `PersonErasureRequestedV1` request executed (GraphQL); absent for the CLI. */
  requestId: z.uuid().optional(),
});

export const PersonErasedV1Definition = defineEvent('PersonErased', 1, PersonErasedV1PayloadSchema);
export const PersonErasedV1Schema = PersonErasedV1Definition.schema;
export type PersonErasedV1 = z.infer<typeof PersonErasedV1Schema>;
export type PersonErasedV1Payload = PersonErasedV1['payload'];
