import { describe, expect, it } from '@jest/globals';

import { LIST_CALL_RECORDS_RULE, RequestPacer, waitBeforeRequest } from './request-pacer';

describe(waitBeforeRequest.name, () => {
  const rule = { limit: 3, windowMs: 20_000 };

  it('lets a request go while the window has room', () => {
    expect(waitBeforeRequest([0, 1_000], 2_000, rule)).toBe(0);
  });

  it('waits until the oldest of the last `limit` requests leaves the window', () => {
    // Sent at 0, 1 s, 2 s; at 5 s the 4th waits until 0 + 20 s.
    expect(waitBeforeRequest([0, 1_000, 2_000], 5_000, rule)).toBe(15_000);
  });

  it('forgets requests older than the window', () => {
    expect(waitBeforeRequest([0, 1_000, 2_000], 20_000, rule)).toBe(0);
  });
});

describe(RequestPacer.name, () => {
  it('spaces 41 List callRecords pages of one tenant over more than 20 s, not another tenant', async () => {
    let now = 0;
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        now += ms;
        return Promise.resolve();
      },
    };
    const pacer = new RequestPacer(LIST_CALL_RECORDS_RULE, clock);
    const times: number[] = [];

    for (let i = 0; i < 41; i += 1) {
      await pacer.take('tenant-a');
      times.push(now);
    }
    await pacer.take('tenant-b');

    expect(times.slice(0, 40).every((t) => t === 0)).toBe(true);
    expect(times[40]).toBe(20_000);
    expect(now).toBe(20_000);
  });
});
