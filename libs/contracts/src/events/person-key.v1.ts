import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';

const Base64UrlSchema = z.string().regex(/^[A-Za-z0-9_-]+$/);

/**
 * One key of one person of a tenant (crypto-shredding, README "Personal data"). Produced by the
 * fetcher to the compacted person-keys topic keyed `<tenantId>:<pseudonym>:<kid>`, in the same
 * transaction as the first record sealed with it; erasing the person tombstones every such key.
 */
export const PersonKeyV1PayloadSchema = z.object({
  /** The person's pseudonym (`pn-…`, HMAC of their user id or phone number): never a clear value. */
  pseudonym: Base64UrlSchema,
  /** Tells apart keys created at once for the same person by two fetcher replicas. */
  kid: Base64UrlSchema,
  /** The 256-bit key sealed with the key-encryption key (AES-256-GCM, bound to the Kafka key). */
  wrappedKey: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
  /** Pseudonyms of the person's other identifiers (UPN, e-mail), so erasure can find the key by them. */
  aliases: z.array(Base64UrlSchema),
  createdAt: IsoTimestampSchema,
});

export const PersonKeyV1Definition = defineEvent('PersonKey', 1, PersonKeyV1PayloadSchema);
export const PersonKeyV1Schema = PersonKeyV1Definition.schema;
export type PersonKeyV1 = z.infer<typeof PersonKeyV1Schema>;
export type PersonKeyV1Payload = PersonKeyV1['payload'];
