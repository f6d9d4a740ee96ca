import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ()./-]{5,}$/;

/** A person as an erasure request may name them: an Entra user id (GUID), a UPN or a phone number. */
export const ErasureIdentifierSchema = z
  .string()
  .trim()
  .max(256)
  .refine((value) => GUID.test(value) || UPN.test(value) || PHONE.test(value), {
    message: 'a user id (GUID), a UPN or a phone number',
  });

/**
 * An erasure request accepted by the gateway (`erasePerson`), executed by the fetcher, which holds
 * the pseudonym and key-encryption secrets (the gateway has neither). Carries the identifier in
 * clear, so the fetcher tombstones the request once executed (the topic is compacted); the audit event
 * that follows (`PersonErasedV1`) names the pseudonym instead. Keyed `<tenantId>:<requestId>`.
 */
export const PersonErasureRequestedV1PayloadSchema = z.object({
  /** The request id answered to the caller and carried by the audit events. */
  requestId: z.uuid(),
  identifier: ErasureIdentifierSchema,
  /** Who asked: the token's `oid` (or `sub`, `appid`/`azp` of an application), never a name. */
  requestedBy: z.string().min(1),
  requestedAt: IsoTimestampSchema,
  /** Free text of the requester (a ticket number); must not name the person. */
  reason: z.string().max(500).optional(),
});

export const PersonErasureRequestedV1Definition = defineEvent(
  'PersonErasureRequested',
  1,
  PersonErasureRequestedV1PayloadSchema,
);
export const PersonErasureRequestedV1Schema = PersonErasureRequestedV1Definition.schema;
export type PersonErasureRequestedV1 = z.infer<typeof PersonErasureRequestedV1Schema>;
export type PersonErasureRequestedV1Payload = PersonErasureRequestedV1['payload'];
