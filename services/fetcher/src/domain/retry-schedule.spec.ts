import { describe, expect, it } from '@jest/globals';

import { backoffDelayMs, notYetAvailableDelayMs, seededRandom } from './retry-schedule';

describe(notYetAvailableDelayMs.name, () => {
  const delays = [30_000, 120_000, 600_000];

  it.each([
    [1, 30_000],
    [2, 120_000],
    [3, 600_000],
    [4, undefined],
  ])('after a 404 on delivery %i waits %p', (attempt, expected) => {
    expect(notYetAvailableDelayMs(attempt, delays)).toBe(expected);
  });
});

describe(backoffDelayMs.name, () => {
  const spec = { baseMs: 1_000, maxMs: 60_000 };

  it.each([
    [1, 500, 1_000],
    [2, 1_000, 2_000],
    [3, 2_000, 4_000],
    [10, 30_000, 60_000],
  ])('on attempt %i waits between %i and %i ms', (attempt, low, high) => {
    const random = seededRandom(attempt);

    const delays = Array.from({ length: 50 }, () => backoffDelayMs(attempt, spec, random));

    expect(Math.min(...delays)).toBeGreaterThanOrEqual(low);
    expect(Math.max(...delays)).toBeLessThanOrEqual(high);
  });

  it('spreads retries of the same attempt (jitter)', () => {
    const random = seededRandom(7);

    const delays = new Set(Array.from({ length: 20 }, () => backoffDelayMs(4, spec, random)));

    expect(delays.size).toBeGreaterThan(10);
  });
});
