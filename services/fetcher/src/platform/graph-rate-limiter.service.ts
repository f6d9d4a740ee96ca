import { graphRequestKind } from '../domain/graph-request-kind';
import {
  blockBucket,
  bucketSpecFor,
  fullBucket,
  isIdle,
  reserveToken,
} from '../domain/token-bucket';
import type { BucketSpec, BucketState } from '../domain/token-bucket';
import type { FetcherMetrics } from './fetcher-metrics.service';

export interface GraphLimits {
  readonly tenantPer20s: number;
  readonly recordPer20s: number;
  readonly reportPer60s: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

type Limit = 'tenant' | 'record' | 'report';

const PRUNE_EVERY = 1_000;

/**
 * Graph's per-app limits (libs/contracts/graph-reference/FACTS.md §9) as token buckets: per tenant,
 * per call record, and per tenant for the reports. Every request reserves its tokens and sleeps
 * until they are due, so bursts are smoothed before Graph has to answer 429.
 */
export class GraphRateLimiter {
  private readonly specs: Record<Limit, BucketSpec>;
  private readonly buckets = new Map<string, { limit: Limit; state: BucketState }>();
  private reservations = 0;

  constructor(
    limits: GraphLimits,
    private readonly clock: Clock,
    private readonly metrics: FetcherMetrics,
  ) {
    this.specs = {
      tenant: bucketSpecFor(limits.tenantPer20s, 20_000),
      record: bucketSpecFor(limits.recordPer20s, 20_000),
      report: bucketSpecFor(limits.reportPer60s, 60_000),
    };
  }

  /** Resolves when a request to `path` in `tenantId` may be sent. */
  async acquire(tenantId: string, path: string): Promise<void> {
    const kind = graphRequestKind(path);
    const waits: { limit: Limit; waitMs: number }[] =
      kind.kind === 'report'
        ? [this.reserve('report', `report:${tenantId}`)]
        : [this.reserve('tenant', `tenant:${tenantId}`)];
    if (kind.kind === 'call-record') {
      waits.push(this.reserve('record', `record:${tenantId}:${kind.callRecordId}`));
    }
    const longest = waits.reduce((a, b) => (b.waitMs > a.waitMs ? b : a));
    this.metrics.limiterWait.observe({ limit: longest.limit }, longest.waitMs / 1000);
    if (longest.waitMs > 0) {
      await this.clock.sleep(longest.waitMs);
    }
  }

  /** Graph answered 429/503 with Retry-After: hold every request of the tenant until then. */
  block(tenantId: string, retryAfterMs: number): void {
    const until = this.clock.now() + retryAfterMs;
    for (const [limit, key] of [
      ['tenant', `tenant:${tenantId}`],
      ['report', `report:${tenantId}`],
    ] as const) {
      const state = this.buckets.get(key)?.state ?? fullBucket(this.specs[limit], this.clock.now());
      this.buckets.set(key, { limit, state: blockBucket(state, until) });
    }
  }

  private reserve(limit: Limit, key: string): { limit: Limit; waitMs: number } {
    const now = this.clock.now();
    const spec = this.specs[limit];
    const state = this.buckets.get(key)?.state ?? fullBucket(spec, now);
    const reserved = reserveToken(state, spec, now);
    this.buckets.set(key, { limit, state: reserved.state });
    this.reservations += 1;
    if (this.reservations % PRUNE_EVERY === 0) {
      this.prune(now);
    }
    return { limit, waitMs: reserved.waitMs };
  }

  // Per-record buckets would grow without bound: a full bucket is the same as no bucket.
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (isIdle(bucket.state, this.specs[bucket.limit], now)) {
        this.buckets.delete(key);
      }
    }
  }
}
