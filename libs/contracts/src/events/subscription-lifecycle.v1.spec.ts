import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { decodeEvent } from '../envelope';
import { SubscriptionLifecycleV1Definition } from './subscription-lifecycle.v1';

const golden = JSON.parse(
  readFileSync(resolve(__dirname, '__fixtures__', 'subscription-lifecycle.v1.json'), 'utf8'),
) as { payload: Record<string, unknown> };

const withField = (lastNotificationAt: unknown): Buffer =>
  Buffer.from(JSON.stringify({ ...golden, payload: { ...golden.payload, lastNotificationAt } }));

describe('SubscriptionLifecycleV1 lastNotificationAt', () => {
  it('is optional: the golden event without it decodes without it', () => {
    const event = decodeEvent(
      SubscriptionLifecycleV1Definition,
      Buffer.from(JSON.stringify(golden)),
    );

    expect(event.payload.lastNotificationAt).toBeUndefined();
  });

  it('decodes an ISO timestamp', () => {
    const event = decodeEvent(
      SubscriptionLifecycleV1Definition,
      withField('2026-11-02T06:00:00.000Z'),
    );

    expect(event.payload.lastNotificationAt).toBe('2026-11-02T06:00:00.000Z');
  });

  it('rejects a value that is not a timestamp', () => {
    expect(() => decodeEvent(SubscriptionLifecycleV1Definition, withField('yesterday'))).toThrow();
  });
});
