import { describe, expect, it } from '@jest/globals';

import {
  decodeEvent,
  ProcessingFailedV1Definition,
  UNKNOWN_TENANT_ID,
} from '@callrecords/contracts';

import { toDeadLetterMessage } from './dead-letter';
import type { RawMessage } from './outcomes';
import { readDeliveryInfo } from './retry-headers';

const tenant = '00000000-0000-4000-8000-000000000001';
const context = {
  service: 'fetcher' as const,
  groupId: 'callrecords-fetcher',
  deadLetterTopic: 'callrecords.fetcher.dlq.v1',
};

function aMessage(key: string | null, value: Buffer | null): RawMessage {
  const at = { topic: 'callrecords.notifications.v1', partition: 3, offset: '42' };
  const headers = { correlationId: 'corr-1', type: 'NotificationReceived' };
  return { ...at, key, value, headers, delivery: readDeliveryInfo(headers, at) };
}

describe(toDeadLetterMessage.name, () => {
  it('keeps the original bytes, key, headers and position for a replay', () => {
    const message = aMessage(`${tenant}:rec-1`, Buffer.from('{"not":"valid"}'));

    const out = toDeadLetterMessage(
      { message, reason: 'undecodable message', error: new SyntaxError('x') },
      context,
      0,
    );
    const event = decodeEvent(ProcessingFailedV1Definition, out.value, out.headers);

    expect(out.topic).toBe('callrecords.fetcher.dlq.v1');
    expect(out.key).toBe(`${tenant}:rec-1`);
    expect(event.tenantId).toBe(tenant);
    expect(event.correlationId).toBe('corr-1');
    expect(event.payload).toMatchObject({
      service: 'fetcher',
      originalTopic: 'callrecords.notifications.v1',
      originalPartition: 3,
      originalOffset: '42',
      errorClass: 'SyntaxError',
      reason: 'undecodable message',
      attempts: 1,
    });
    expect(Buffer.from(event.payload.originalValueBase64 ?? '', 'base64').toString()).toBe(
      '{"not":"valid"}',
    );
  });

  it('files a message whose key names no tenant under the unknown tenant', () => {
    const out = toDeadLetterMessage(
      { message: aMessage(null, null), reason: 'tombstone', error: undefined },
      context,
      0,
    );

    const event = decodeEvent(ProcessingFailedV1Definition, out.value, out.headers);

    expect(event.tenantId).toBe(UNKNOWN_TENANT_ID);
    expect(event.payload.originalValueBase64).toBeNull();
    expect(event.payload.errorClass).toBe('None');
  });
});
