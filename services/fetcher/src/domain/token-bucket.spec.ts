import { describe, expect, it } from '@jest/globals';

import {
  blockBucket,
  bucketSpecFor,
  fullBucket,
  isIdle,
  reserveToken,
  resizeBucket,
} from './token-bucket';
import type { BucketState } from './token-bucket';

// Requests scheduled within one window when `count` callers reserve at once.
function scheduledWithin(count: number, limit: number, windowMs: number): number {
  const horizonMs = windowMs;
  const spec = bucketSpecFor(limit, windowMs);
  let state: BucketState = fullBucket(spec, 0);
  let within = 0;
  for (let i = 0; i < count; i += 1) {
    const reserved = reserveToken(state, spec, 0);
    state = reserved.state;
    within += reserved.waitMs < horizonMs ? 1 : 0;
  }
  return within;
}

describe(bucketSpecFor.name, () => {
  it.each([
    ['per app per tenant', 1_500, 20_000],
    ['per call record', 40, 20_000],
    ['reports per app per tenant', 200, 60_000],
  ])('never schedules more than the %s limit in one window', (_name, limit, windowMs) => {
    expect(scheduledWithin(limit * 3, limit, windowMs)).toBeLessThanOrEqual(limit);
  });
});

describe(reserveToken.name, () => {
  const spec = bucketSpecFor(40, 20_000);

  it('grants the burst at once, then spaces requests by the refill rate', () => {
    let state = fullBucket(spec, 0);
    const waits: number[] = [];

    for (let i = 0; i < spec.capacity + 2; i += 1) {
      const reserved = reserveToken(state, spec, 0);
      state = reserved.state;
      waits.push(reserved.waitMs);
    }

    expect(waits.slice(0, spec.capacity).every((w) => w === 0)).toBe(true);
    expect(waits.slice(spec.capacity)).toEqual([556, 1_112]);
  });

  it('makes every request wait for a Retry-After block', () => {
    const state = blockBucket(fullBucket(spec, 0), 2_000);

    expect(reserveToken(state, spec, 500).waitMs).toBe(1_500);
  });
});

describe(isIdle.name, () => {
  const spec = bucketSpecFor(40, 20_000);

  it.each([
    ['a full bucket', 0, 0, true],
    ['a bucket that just gave a token', 1, 0, false],
    ['a bucket refilled since', 1, 1_000, true],
  ])('says %s is idle: %p', (...[, taken, at, expected]) => {
    let state = fullBucket(spec, 0);
    for (let i = 0; i < taken; i += 1) {
      state = reserveToken(state, spec, 0).state;
    }

    expect(isIdle(state, spec, at)).toBe(expected);
  });
});

describe(resizeBucket.name, () => {
  // Graph's 1,500 / 20 s per app per tenant: burst 150, refill 1,350 / 20 s; a third of it is
  // burst 50, refill 450 / 20 s (0.0225 per ms).
  const whole = bucketSpecFor(1_500, 20_000);
  const third = bucketSpecFor(500, 20_000);

  it('cuts the burst to the new share at once', () => {
    const resized = resizeBucket(fullBucket(whole, 0), { from: whole, to: third }, 0);

    expect(resized.tokens).toBe(50);
  });

  it('does not turn a larger share into a burst', () => {
    const resized = resizeBucket(fullBucket(third, 0), { from: third, to: whole }, 0);

    expect(resized.tokens).toBe(50);
  });

  it('keeps reservations already made and refills them at the new rate', () => {
    let state = fullBucket(whole, 0);
    for (let i = 0; i < 160; i += 1) {
      state = reserveToken(state, whole, 0).state;
    }

    const resized = resizeBucket(state, { from: whole, to: third }, 0);

    // 10 tokens owed plus the one asked for: 11 / 0.0225 per ms = 488.9 ms.
    expect(reserveToken(resized, third, 0).waitMs).toBe(489);
  });
});
