import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { decodeEvent, encodeEvent } from './envelope';
import { CallRecordFetchedV1Definition } from './events/call-record-fetched.v1';
import type { CallRecordFetchedV1 } from './events/call-record-fetched.v1';
import type { Session } from './graph/generated/call-records';
import { compressValue, decompressValue, fitsTopic, measureEncodedSize } from './serialization';

// The realistic size bound (random ids and metrics, <15 % after zstd) is asserted on
// aMeetingWithSessions in libs/testing/src/builders.spec.ts: contracts may not depend on testing.
// Here the golden record is simply repeated to meeting size, to prove exact round trips.

const golden = JSON.parse(
  readFileSync(resolve(__dirname, 'events/__fixtures__/call-record-fetched.v1.json'), 'utf8'),
) as CallRecordFetchedV1;

function aLargeMeeting(sessionCount: number): CallRecordFetchedV1 {
  const template = golden.payload.callRecord.sessions?.[0] as Session;
  const sessions = Array.from({ length: sessionCount }, (_, i) => ({
    ...template,
    id: `session-${i}`,
    segments: (template.segments ?? []).map((segment) => ({ ...segment, id: `segment-${i}` })),
  }));
  const callRecord = { ...golden.payload.callRecord, type: 'groupCall', sessions };
  return { ...golden, payload: { ...golden.payload, callRecord } };
}

describe('a 2,000-session record', () => {
  const event = aLargeMeeting(2000);
  const { value, headers } = encodeEvent(CallRecordFetchedV1Definition, event);

  it('decodes to exactly the event that was encoded', () => {
    expect(decodeEvent(CallRecordFetchedV1Definition, value, headers)).toEqual(event);
  });

  it.each(['zstd', 'gzip'] as const)('survives %s compression byte for byte', (codec) => {
    expect(decompressValue(codec, compressValue(codec, value)).equals(value)).toBe(true);
  });

  it('is measured raw and under both codecs', () => {
    const size = measureEncodedSize(value);

    expect(size.rawBytes).toBe(value.length);
    expect(Math.max(size.zstdBytes, size.gzipBytes)).toBeLessThan(size.rawBytes / 10);
  });
});

describe(fitsTopic.name, () => {
  const limit = { maxMessageBytes: 1024 * 1024 };

  it('accepts a raw value over the limit that compresses under it', () => {
    expect(fitsTopic(Buffer.from('x'.repeat(3 * limit.maxMessageBytes)), limit)).toBe(true);
  });

  it('refuses a value still over the limit after compression', () => {
    expect(fitsTopic(randomBytes(3 * limit.maxMessageBytes), limit)).toBe(false);
  });
});
