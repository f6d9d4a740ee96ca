import { graphRequestKind } from '../domain/graph-request-kind';
import {
  blockBucket,
  bucketSpecFor,
  fullBucket,
  isIdle,
  reserveToken,
  resizeBucket,
} from '../domain/token-bucket';
import type { BucketSpec, BucketState } from '../domain/token-bucket';
import type { FetcherMetrics } from './fetcher-metrics.service';

export interface GraphLimits {
  /** Per app across tenants (FACTS.md 17: 15,000 / 20 s). */
  readonly appPer20s: number;
  readonly tenantPer20s: number;
  readonly recordPer20s: number;
  readonly reportPer60s: number;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

type Limit = 'app' | 'tenant' | 'record' | 'report';

// Budgets every replica of the app spends (split by partition share). A call record is fetched
// only by the owner of its partition, and reports by the one poller: those stay whole.
const SHARED: readonly Limit[] = ['app', 'tenant'];

const PRUNE_EVERY = 1_000;

/**
 * Graph's per-app limits (libs/contracts/graph-reference/FACTS.md §9, 17) as token buckets: per
 * app, per tenant, per call record, and per tenant for the reports. Every request reserves its
 * tokens and sleeps until they are due, so bursts are smoothed before Graph has to answer 429.
 * The app and tenant budgets are this replica's share of the deployment's (`setShare`).
 */
export class GraphRateLimiter {
  private specs: Record<Limit, BucketSpec>;
  private readonly buckets = new Map<string, { limit: Limit; state: BucketState }>();
  private reservations = 0;
  private share = 1;

  constructor(
    private readonly limits: GraphLimits,
    private readonly clock: Clock,
    private readonly metrics: FetcherMetrics,
  ) {
    this.specs = this.specsFor(1);
    metrics.limiterShare.set(1);
  }

  /** Resolves when a request to `path` in `tenantId` may be sent. */
  async acquire(tenantId: string, path: string): Promise<void> {
    const kind = graphRequestKind(path);
    const waits: { limit: Limit; waitMs: number }[] = [
      this.reserve('app', 'app'),
      kind.kind === 'report'
        ? this.reserve('report', `report:${tenantId}`)
        : this.reserve('tenant', `tenant:${tenantId}`),
    ];
    if (kind.kind === 'call-record') {
      waits.push(this.reserve('record', `record:${tenantId}:${kind.callRecordId}`));
    }
    const longest = waits.reduce((a, b) => (b.waitMs > a.waitMs ? b : a));
    this.metrics.limiterWait.observe({ limit: longest.limit }, longest.waitMs / 1000);
    if (longest.waitMs > 0) {
      await this.clock.sleep(longest.waitMs);
    }
  }

  /**
   * This replica's fraction (0..1) of the per-app and per-tenant budgets, re-set after every
   * rebalance: a smaller share applies at once, reservations already made keep their turn.
   */
  setShare(fraction: number): void {
    if (fraction === this.share) {
      return;
    }
    const now = this.clock.now();
    const next = this.specsFor(fraction);
    for (const [key, bucket] of this.buckets) {
      if (SHARED.includes(bucket.limit)) {
        const specs = { from: this.specs[bucket.limit], to: next[bucket.limit] };
        const state = resizeBucket(bucket.state, specs, now);
        this.buckets.set(key, { limit: bucket.limit, state });
      }
    }
    this.specs = next;
    this.share = fraction;
    this.metrics.limiterShare.set(fraction);
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

  private specsFor(fraction: number): Record<Limit, BucketSpec> {
    return {
      app: bucketSpecFor(this.limits.appPer20s * fraction, 20_000),
      tenant: bucketSpecFor(this.limits.tenantPer20s * fraction, 20_000),
      record: bucketSpecFor(this.limits.recordPer20s, 20_000),
      report: bucketSpecFor(this.limits.reportPer60s, 60_000),
    };
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
