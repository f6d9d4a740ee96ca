import { describe, expect, it } from '@jest/globals';

import { admitRequest, Throttler } from './throttling';

const RULE = { limit: 2, windowMs: 1000 };

describe(admitRequest.name, () => {
  it('admits up to the limit within the window', () => {
    const first = admitRequest([], 0, RULE);
    const second = admitRequest(first.timestamps, 10, RULE);
    const third = admitRequest(second.timestamps, 20, RULE);

    expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
    expect(third.retryAfterMs).toBe(980);
  });

  it('admits again once the oldest request left the window', () => {
    expect(admitRequest([0, 10], 1000, RULE).allowed).toBe(true);
  });
});

describe(Throttler.name, () => {
  it('refuses when any of the rules is exhausted, without counting the refused request', () => {
    const throttler = new Throttler();
    const checks = [
      { key: 'app', rule: { limit: 10, windowMs: 1000 } },
      { key: 'record', rule: RULE },
    ];

    const results = [0, 1, 2, 3].map((now) => throttler.admit(checks, now));

    expect(results).toEqual([undefined, undefined, 998, 997]);
  });
});
