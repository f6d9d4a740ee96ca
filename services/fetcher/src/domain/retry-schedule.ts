// When to try a failed Graph fetch again. Pure: randomness is a parameter.

export interface BackoffSpec {
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * The delay before the next delivery of a record Graph answered 404 for on delivery `attempt`
 * (1-based), or undefined when the schedule is used up. A record may be notified before it is
 * readable, typically up to 60 minutes after the call ends (libs/contracts/graph-reference/FACTS.md
 * §1, fact 12).
 */
export function notYetAvailableDelayMs(
  attempt: number,
  delaysMs: readonly number[],
): number | undefined {
  return attempt >= 1 ? delaysMs[attempt - 1] : delaysMs[0];
}

/**
 * Exponential backoff with "equal jitter": half the exponential step is fixed, half is random, so
 * retries of many records spread out and never come sooner than half the step.
 * `random` returns a number in [0, 1).
 */
export function backoffDelayMs(attempt: number, spec: BackoffSpec, random: () => number): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const step = Math.min(spec.maxMs, spec.baseMs * 2 ** exponent);
  return Math.round(step / 2 + (step / 2) * random());
}

/** A deterministic random source (mulberry32) for tests and reproducible jitter. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
