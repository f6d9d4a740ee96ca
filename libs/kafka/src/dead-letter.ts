import { randomUUID } from 'node:crypto';

import {
  createEvent,
  encodeEvent,
  ProcessingFailedV1Definition,
  TenantIdSchema,
  tenantIdFromKey,
  UNKNOWN_TENANT_ID,
} from '@callrecords/contracts';
import type { ServiceName } from '@callrecords/contracts';

import type { DeadLetter } from './outcomes';
import type { OutgoingMessage } from './producer';

export interface DeadLetterContext {
  readonly service: ServiceName;
  readonly groupId: string;
  readonly deadLetterTopic: string;
}

/**
 * Builds the ProcessingFailedV1 message for a message a consumer gives up on: the original bytes,
 * key and headers (for a byte-identical replay), where it came from, and a short reason.
 */
export function toDeadLetterMessage(
  deadLetter: DeadLetter,
  context: DeadLetterContext,
  now: number,
): OutgoingMessage {
  const { message } = deadLetter;
  const keyTenant = tenantIdFromKey(message.key);
  const tenantId = TenantIdSchema.safeParse(keyTenant).success
    ? (keyTenant as string)
    : UNKNOWN_TENANT_ID;
  const event = createEvent(ProcessingFailedV1Definition, {
    tenantId,
    correlationId: message.headers['correlationId'] ?? randomUUID(),
    occurredAt: new Date(now),
    producedAt: new Date(now),
    payload: {
      service: context.service,
      consumerGroup: context.groupId,
      originalTopic: message.delivery.origin.topic,
      originalPartition: message.delivery.origin.partition,
      originalOffset: message.delivery.origin.offset,
      originalKey: message.key,
      originalHeaders: { ...message.headers },
      originalValueBase64: message.value ? message.value.toString('base64') : null,
      errorClass: errorClassOf(deadLetter.error),
      reason: deadLetter.reason.slice(0, 2000),
      attempts: message.delivery.attempt,
      failedAt: new Date(now).toISOString(),
    },
  });
  const encoded = encodeEvent(ProcessingFailedV1Definition, event);
  return {
    topic: context.deadLetterTopic,
    key: message.key ?? '',
    value: encoded.value,
    headers: encoded.headers,
  };
}

function errorClassOf(error: unknown): string {
  if (error instanceof Error) {
    return error.name.slice(0, 200) || 'Error';
  }
  return error === undefined ? 'None' : typeof error;
}
