// Graph's documented throttling limits for call records (libs/contracts/graph-reference/FACTS.md
// 17), as sliding windows. Off by default (deterministic tests use /_sim/faults instead); on with
// `throttling: true` / GRAPH_SIM_THROTTLING=1.

export interface LimitRule {
  readonly limit: number;
  readonly windowMs: number;
}

export const GRAPH_THROTTLING_RULES = {
  perApp: { limit: 15_000, windowMs: 20_000 },
  perAppPerTenant: { limit: 1_500, windowMs: 20_000 },
  perCallRecord: { limit: 40, windowMs: 20_000 },
  listCallRecords: { limit: 40, windowMs: 20_000 },
  reportsPerAppPerTenant: { limit: 200, windowMs: 60_000 },
} as const satisfies Record<string, LimitRule>;

export type ThrottlingRules = { readonly [K in keyof typeof GRAPH_THROTTLING_RULES]: LimitRule };

export interface WindowDecision {
  readonly allowed: boolean;
  readonly retryAfterMs: number;
  readonly timestamps: readonly number[];
}

/** Counts a request against a window of earlier request times; a refused request is not counted. */
export function admitRequest(
  timestamps: readonly number[],
  now: number,
  rule: LimitRule,
): WindowDecision {
  const recent = timestamps.filter((at) => now - at < rule.windowMs);
  if (recent.length < rule.limit) {
    return { allowed: true, retryAfterMs: 0, timestamps: [...recent, now] };
  }
  const oldest = recent[0] ?? now;
  return {
    allowed: false,
    retryAfterMs: Math.max(1, oldest + rule.windowMs - now),
    timestamps: recent,
  };
}

/** Keeps one window per key and answers for several rules at once. */
export class Throttler {
  private readonly windows = new Map<string, readonly number[]>();

  admit(checks: ReadonlyArray<{ key: string; rule: LimitRule }>, now: number): number | undefined {
    const decisions = checks.map((check) => ({
      check,
      decision: admitRequest(this.windows.get(check.key) ?? [], now, check.rule),
    }));
    const refused = decisions.filter(({ decision }) => !decision.allowed);
    if (refused.length > 0) {
      return Math.max(...refused.map(({ decision }) => decision.retryAfterMs));
    }
    for (const { check, decision } of decisions) {
      this.windows.set(check.key, decision.timestamps);
    }
    return undefined;
  }

  clear(): void {
    this.windows.clear();
  }
}
