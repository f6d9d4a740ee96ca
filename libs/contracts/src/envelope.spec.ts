import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';

import { createEvent, decodeEvent, defineEvent, encodeEvent, EVENT_HEADERS } from './envelope';
import { EventDecodeError, EventEncodeError } from './envelope.errors';
import { PermanentError } from './errors';

const Greeted = defineEvent('Greeted', 1, z.object({ name: z.string() }));
const Counted = defineEvent('Counted', 2, z.object({ count: z.int() }));

function aGreeting(name = 'Abbie') {
  return createEvent(Greeted, {
    id: '0b7c6a58-3d1e-4f2a-8c9b-1e2d3f4a5b6c',
    tenantId: 'dc368399-474c-4d40-900c-6265431fd81f',
    correlationId: 'corr-1',
    occurredAt: new Date('2020-02-25T19:05:00Z'),
    producedAt: '2020-02-25T19:05:01.000Z',
    payload: { name },
  });
}

function decodeError(run: () => unknown): EventDecodeError {
  try {
    run();
  } catch (error) {
    if (error instanceof EventDecodeError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an EventDecodeError');
}

describe(encodeEvent.name, () => {
  it('copies type, version and correlationId into the headers', () => {
    const { headers } = encodeEvent(Greeted, aGreeting());

    expect(headers).toEqual({
      type: 'Greeted',
      version: '1',
      correlationId: 'corr-1',
      'content-type': 'application/json',
    });
  });

  it('refuses an event its own contract rejects', () => {
    const invalid = { ...aGreeting(), tenantId: 'not-a-guid' };

    expect(() => encodeEvent(Greeted, invalid)).toThrow(EventEncodeError);
  });
});

describe(decodeEvent.name, () => {
  it('returns what was encoded', () => {
    const event = aGreeting();
    const { value, headers } = encodeEvent(Greeted, event);

    expect(decodeEvent(Greeted, value, headers)).toEqual(event);
  });

  it('strips keys the consumer does not know', () => {
    const body = { ...aGreeting(), extra: 1, payload: { name: 'Owen', addedLater: true } };

    const event = decodeEvent(Greeted, Buffer.from(JSON.stringify(body)));

    expect(event).toEqual({ ...aGreeting(), payload: { name: 'Owen' } });
  });

  it('picks the decoder of the type named in the headers', () => {
    const { value, headers } = encodeEvent(Greeted, aGreeting());

    expect(decodeEvent([Counted, Greeted], value, headers).type).toBe('Greeted');
  });

  it('accepts kafkajs headers (Buffers)', () => {
    const { value } = encodeEvent(Greeted, aGreeting());
    const headers = { [EVENT_HEADERS.type]: Buffer.from('Greeted'), version: Buffer.from('1') };

    expect(decodeEvent(Greeted, value, headers).payload.name).toBe('Abbie');
  });

  it.each([
    ['empty-value', null, {}],
    ['invalid-json', Buffer.from('{"type":'), {}],
    ['unsupported-content-type', Buffer.from('{}'), { 'content-type': 'application/avro' }],
    ['missing-type', Buffer.from('{"payload":{}}'), {}],
    ['unknown-event', Buffer.from('{"type":"Greeted","version":9}'), {}],
    ['header-mismatch', Buffer.from('{"type":"Greeted","version":1}'), { type: 'Counted' }],
    ['schema-mismatch', Buffer.from('{"type":"Greeted","version":1}'), {}],
  ] as const)('throws a permanent error with reason %s', (reason, value, headers) => {
    const error = decodeError(() => decodeEvent(Greeted, value, headers));

    expect([error.reason, error instanceof PermanentError]).toEqual([reason, true]);
  });

  it('names the failing fields but not their values', () => {
    const body = { ...aGreeting(), payload: { name: 42 } };

    const error = decodeError(() => decodeEvent(Greeted, Buffer.from(JSON.stringify(body))));

    expect(error.issues).toEqual(['payload.name: Invalid input: expected string, received number']);
  });
});
