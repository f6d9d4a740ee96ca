import { describe, expect, it } from '@jest/globals';

import {
  classifyEndpoint,
  emptyStats,
  GRAPH_ENDPOINT_RULES,
  recordDelivery,
} from './endpoint-health';
import type { EndpointStats } from './endpoint-health';

function after(samples: number, slow: number): EndpointStats {
  let stats = emptyStats(0);
  for (let index = 0; index < samples; index += 1) {
    const durationMs = index < slow ? 3_000 : 100;
    stats = recordDelivery(stats, { now: 1_000, durationMs }, GRAPH_ENDPOINT_RULES);
  }
  return stats;
}

describe(classifyEndpoint.name, () => {
  it.each([
    [99, 50, 'healthy'],
    [100, 9, 'healthy'],
    [100, 10, 'delayed'],
    [100, 15, 'dropped'],
  ] as const)('after %p notifications with %p slow → %p', (samples, slow, expected) => {
    expect(classifyEndpoint(after(samples, slow), 2_000, GRAPH_ENDPOINT_RULES)).toBe(expected);
  });

  it('forgets the counters after the 10-minute window', () => {
    expect(classifyEndpoint(after(100, 50), 10 * 60_000, GRAPH_ENDPOINT_RULES)).toBe('healthy');
  });
});

describe(recordDelivery.name, () => {
  it('counts a timeout as slow', () => {
    const stats = recordDelivery(
      emptyStats(0),
      { now: 0, durationMs: undefined },
      GRAPH_ENDPOINT_RULES,
    );

    expect(stats).toEqual({ windowStart: 0, total: 1, slow: 1 });
  });
});
