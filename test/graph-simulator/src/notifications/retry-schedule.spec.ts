import { describe, expect, it } from '@jest/globals';

import { GRAPH_RETRY_POLICY, nextRetryDelayMs } from './retry-schedule';

describe(nextRetryDelayMs.name, () => {
  it('doubles the delay per attempt up to the 10-minute cap', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) =>
      nextRetryDelayMs(attempt, 0, GRAPH_RETRY_POLICY),
    );

    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000]);
  });

  it('gives up once the next try would fall after four hours', () => {
    const elapsed = 4 * 60 * 60_000 - 60_000;

    expect(nextRetryDelayMs(10, elapsed, GRAPH_RETRY_POLICY)).toBeUndefined();
  });
});
