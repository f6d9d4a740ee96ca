// A token bucket with reservations, as plain data: the shell keeps one per tenant (and per call
// record, per report) and sleeps for the returned wait. Sized from Graph's documented limits
// (libs/contracts/graph-reference/FACTS.md §9).

export interface BucketSpec {
  /** Tokens available at once (burst). */
  readonly capacity: number;
  readonly refillPerMs: number;
}

export interface BucketState {
  /** May go negative: each reservation beyond the burst waits its turn. */
  readonly tokens: number;
  readonly updatedAt: number;
  /** No request before this instant (a 429's Retry-After applies to the whole tenant). */
  readonly blockedUntil: number;
}

/**
 * A bucket that never exceeds `limit` requests in any `windowMs`: a burst of `burstFraction` of the
 * limit, and a refill rate making burst + refill over one window equal to the limit.
 */
export function bucketSpecFor(limit: number, windowMs: number, burstFraction = 0.1): BucketSpec {
  const capacity = Math.max(1, Math.floor(limit * burstFraction));
  return { capacity, refillPerMs: Math.max(limit - capacity, 1) / windowMs };
}

export function fullBucket(spec: BucketSpec, now: number): BucketState {
  return { tokens: spec.capacity, updatedAt: now, blockedUntil: 0 };
}

function refill(state: BucketState, spec: BucketSpec, now: number): BucketState {
  const elapsed = Math.max(0, now - state.updatedAt);
  return {
    ...state,
    tokens: Math.min(spec.capacity, state.tokens + elapsed * spec.refillPerMs),
    updatedAt: Math.max(now, state.updatedAt),
  };
}

/** Takes one token; `waitMs` is how long the caller must wait before sending its request. */
export function reserveToken(
  state: BucketState,
  spec: BucketSpec,
  now: number,
): { readonly state: BucketState; readonly waitMs: number } {
  const current = refill(state, spec, now);
  const tokens = current.tokens - 1;
  const refillWait = tokens >= 0 ? 0 : -tokens / spec.refillPerMs;
  const waitMs = Math.ceil(Math.max(refillWait, current.blockedUntil - now, 0));
  return { state: { ...current, tokens }, waitMs };
}

/** Blocks the bucket until `until` (Graph said Retry-After): later reservations wait for it. */
export function blockBucket(state: BucketState, until: number): BucketState {
  return { ...state, blockedUntil: Math.max(state.blockedUntil, until) };
}

/** True when the bucket is full and unblocked: it can be forgotten and recreated full. */
export function isIdle(state: BucketState, spec: BucketSpec, now: number): boolean {
  return refill(state, spec, now).tokens >= spec.capacity && state.blockedUntil <= now;
}

/**
 * The bucket under a new spec (this member's share of a shared budget changed): what was earned
 * under the old rate is kept, but never more than the new burst, so a smaller share takes effect
 * at once and a larger one does not become a burst.
 */
export function resizeBucket(
  state: BucketState,
  specs: { readonly from: BucketSpec; readonly to: BucketSpec },
  now: number,
): BucketState {
  const current = refill(state, specs.from, now);
  return { ...current, tokens: Math.min(current.tokens, specs.to.capacity) };
}
