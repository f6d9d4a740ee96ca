import { z } from 'zod';

import { defineEvent, IsoTimestampSchema } from '../envelope';
import { ServiceNameSchema } from '../services';

/** The envelope tenant of a dead letter whose tenant is unknown (no decodable key or value). */
export const UNKNOWN_TENANT_ID = '00000000-0000-0000-0000-000000000000';

/**
 * A message a consumer gave up on, with everything needed to inspect and replay it. What the
 * per-service DLQ topics carry, keyed by the original key. The tenant is taken from the original
 * key (`<tenantId>:<graphId>`), else UNKNOWN_TENANT_ID.
 */
export const ProcessingFailedV1PayloadSchema = z.object({
  service: ServiceNameSchema,
  consumerGroup: z.string().min(1),
  originalTopic: z.string().min(1),
  originalPartition: z.int().nonnegative(),
  /** Kafka offsets are 64-bit: kept as a decimal string. */
  originalOffset: z.string().regex(/^\d+$/),
  originalKey: z.string().nullable(),
  originalHeaders: z.record(z.string(), z.string()),
  /** The exact bytes, so a replay is byte-identical; null for a tombstone. */
  originalValueBase64: z.base64().nullable(),
  /** e.g. `EventDecodeError`, `PermanentError`, or the name of an unexpected error. */
  errorClass: z.string().min(1).max(200),
  /** Short and free of payload data (it is logged and shown to operators). */
  reason: z.string().max(2000),
  attempts: z.int().positive(),
  failedAt: IsoTimestampSchema,
});

export const ProcessingFailedV1Definition = defineEvent(
  'ProcessingFailed',
  1,
  ProcessingFailedV1PayloadSchema,
);
export const ProcessingFailedV1Schema = ProcessingFailedV1Definition.schema;
export type ProcessingFailedV1 = z.infer<typeof ProcessingFailedV1Schema>;
export type ProcessingFailedV1Payload = ProcessingFailedV1['payload'];
