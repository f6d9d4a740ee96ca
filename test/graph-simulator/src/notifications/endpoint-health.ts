// Graph's slow-endpoint throttling (libs/contracts/graph-reference/FACTS.md 8): a response slower
// than 2,900 ms (or no response within the 3 s publish timeout) is "slow"; once 100 notifications
// were sent in the current 10-minute window, ≥ 10 % slow → the endpoint is delayed (notifications
// held 10 min), ≥ 15 % slow → notifications dropped.

export interface EndpointRules {
  readonly slowThresholdMs: number;
  readonly minSample: number;
  readonly delayRatio: number;
  readonly dropRatio: number;
  readonly windowMs: number;
  readonly delayMs: number;
}

export const GRAPH_ENDPOINT_RULES: EndpointRules = {
  slowThresholdMs: 2_900,
  minSample: 100,
  delayRatio: 0.1,
  dropRatio: 0.15,
  windowMs: 10 * 60_000,
  delayMs: 10 * 60_000,
};

export interface EndpointStats {
  readonly windowStart: number;
  readonly total: number;
  readonly slow: number;
}

export type EndpointState = 'healthy' | 'delayed' | 'dropped';

export function emptyStats(now: number): EndpointStats {
  return { windowStart: now, total: 0, slow: 0 };
}

/** Counts one delivery (`durationMs` undefined = timed out); counters are flushed every window. */
export function recordDelivery(
  stats: EndpointStats,
  sample: { readonly now: number; readonly durationMs: number | undefined },
  rules: EndpointRules,
): EndpointStats {
  const current = sample.now - stats.windowStart >= rules.windowMs ? emptyStats(sample.now) : stats;
  const isSlow = sample.durationMs === undefined || sample.durationMs > rules.slowThresholdMs;
  return { ...current, total: current.total + 1, slow: current.slow + (isSlow ? 1 : 0) };
}

export function classifyEndpoint(
  stats: EndpointStats,
  now: number,
  rules: EndpointRules,
): EndpointState {
  if (now - stats.windowStart >= rules.windowMs || stats.total < rules.minSample) {
    return 'healthy';
  }
  const ratio = stats.slow / stats.total;
  if (ratio >= rules.dropRatio) {
    return 'dropped';
  }
  return ratio >= rules.delayRatio ? 'delayed' : 'healthy';
}
