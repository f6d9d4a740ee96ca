import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';

import { createEvent, decodeEvent, defineEvent, encodeEvent } from './envelope';
import type { EventOf } from './envelope';
import { EventDecodeError } from './envelope.errors';
import { defineUpcaster, eventDecoder } from './upcasting';

const MetV1 = defineEvent('Met', 1, z.object({ name: z.string() }));
const MetV2 = defineEvent('Met', 2, z.object({ firstName: z.string(), lastName: z.string() }));
const MetV3 = defineEvent(
  'Met',
  3,
  z.object({ person: z.object({ first: z.string(), last: z.string() }) }),
);

function splitName(e: EventOf<typeof MetV1>): EventOf<typeof MetV2> {
  const [firstName = '', ...rest] = e.payload.name.split(' ');
  return { ...e, version: 2, payload: { firstName, lastName: rest.join(' ') } };
}

function nest(e: EventOf<typeof MetV2>): EventOf<typeof MetV3> {
  return {
    ...e,
    version: 3,
    payload: { person: { first: e.payload.firstName, last: e.payload.lastName } },
  };
}

const v1ToV2 = defineUpcaster(MetV1, MetV2, splitName);
const v2ToV3 = defineUpcaster(MetV2, MetV3, nest);

function encodedV1(name: string) {
  const event = createEvent(MetV1, {
    tenantId: 'dc368399-474c-4d40-900c-6265431fd81f',
    correlationId: 'corr-1',
    occurredAt: '2024-01-01T00:00:00.000Z',
    producedAt: '2024-01-01T00:00:00.000Z',
    payload: { name },
  });
  return encodeEvent(MetV1, event);
}

describe(eventDecoder.name, () => {
  it('upcasts an old version through every step to the latest', () => {
    const { value, headers } = encodedV1('Abbie Wilkins');

    const event = decodeEvent(eventDecoder(MetV3, [v1ToV2, v2ToV3]), value, headers);

    expect([event.version, event.payload]).toEqual([
      3,
      { person: { first: 'Abbie', last: 'Wilkins' } },
    ]);
  });

  it('refuses, at construction, upcasters that do not reach the latest version', () => {
    expect(() => eventDecoder(MetV3, [v1ToV2])).toThrow(/no upcaster from Met v2/);
  });

  it('treats an upcaster result the latest schema rejects as a decode error', () => {
    const broken = defineUpcaster(
      MetV2,
      MetV3,
      (e) => ({ ...e, version: 3, payload: { person: { first: 1 } } }) as never,
    );
    const { value, headers } = encodedV1('Abbie Wilkins');

    const decode = () => decodeEvent(eventDecoder(MetV3, [v1ToV2, broken]), value, headers);

    expect(decode).toThrow(EventDecodeError);
  });
});

describe(defineUpcaster.name, () => {
  it('only goes forward within one event type', () => {
    expect(() => defineUpcaster(MetV2, MetV1, (e) => e as never)).toThrow(/older to a newer/);
  });
});
