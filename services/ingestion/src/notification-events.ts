import { randomUUID } from 'node:crypto';

import {
  createEvent,
  encodeEvent,
  graphKey,
  NotificationReceivedV1Definition,
} from '@callrecords/contracts';
import type { NotificationReceivedV1Payload } from '@callrecords/contracts';
import type { OutgoingMessage } from '@callrecords/kafka';

/** One NotificationReceivedV1 as a Kafka message keyed `<tenantId>:<callRecordId>` (topic registry). */
export function notificationMessage(
  topic: string,
  tenantId: string,
  payload: NotificationReceivedV1Payload,
): OutgoingMessage {
  const event = createEvent(NotificationReceivedV1Definition, {
    tenantId,
    occurredAt: payload.receivedAt,
    producedAt: payload.receivedAt,
    correlationId: randomUUID(),
    payload,
  });
  const encoded = encodeEvent(NotificationReceivedV1Definition, event);
  return {
    topic,
    key: graphKey(tenantId, payload.callRecordId),
    value: encoded.value,
    headers: encoded.headers,
  };
}
