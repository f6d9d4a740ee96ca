// Failed deliveries are retried with exponential backoff until Graph's retry window ends
// (libs/contracts/graph-reference/FACTS.md 7: "retries for up to 4 hours, then dropped"). Microsoft
// does not publish the exact schedule; the slow-endpoint rule's "retried every 10 min"
// (libs/contracts/graph-reference/FACTS.md 8) caps the delay.

export interface RetryPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Measured from the first attempt. */
  readonly giveUpAfterMs: number;
}

export const GRAPH_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 30_000,
  maxDelayMs: 10 * 60_000,
  giveUpAfterMs: 4 * 60 * 60_000,
};

/** Delay before attempt `attempt + 1`, or undefined when the window is over. */
export function nextRetryDelayMs(
  attempt: number,
  elapsedMs: number,
  policy: RetryPolicy,
): number | undefined {
  const delay = Math.min(policy.baseDelayMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
  return elapsedMs + delay > policy.giveUpAfterMs ? undefined : delay;
}
