// Keeps a client under a Graph limit of `limit` requests per `windowMs` per key (tenant) by waiting
// before a request rather than drawing a 429: List callRecords allows 40 requests / 20 s
// (libs/contracts/graph-reference/FACTS.md §1, fact 17), and a backfill of a busy month pages far beyond that.

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface PacerRule {
  readonly limit: number;
  readonly windowMs: number;
}

/** The graph-client's own List callRecords limit (per app per tenant). */
export const LIST_CALL_RECORDS_RULE: PacerRule = { limit: 40, windowMs: 20_000 };

/** How long a request at `now` must wait given the send times of the window; 0 when it may go. */
export function waitBeforeRequest(sent: readonly number[], now: number, rule: PacerRule): number {
  const recent = sent.filter((at) => now - at < rule.windowMs);
  if (recent.length < rule.limit) {
    return 0;
  }
  const oldestThatMustExpire = recent[recent.length - rule.limit] ?? now;
  return Math.max(0, oldestThatMustExpire + rule.windowMs - now);
}

/** Sliding-window pacing per key; `take` resolves when a request may be sent and records it. */
export class RequestPacer {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly rule: PacerRule,
    private readonly clock: PacerClock,
  ) {}

  take(key: string): Promise<void> {
    // One waiter at a time per key, so concurrent takers cannot all pass the same free slot.
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      for (;;) {
        const now = this.clock.now();
        const times = (this.sent.get(key) ?? []).filter((at) => now - at < this.rule.windowMs);
        const wait = waitBeforeRequest(times, now, this.rule);
        if (wait === 0) {
          this.sent.set(key, [...times, now]);
          return;
        }
        await this.clock.sleep(wait);
      }
    });
    this.queues.set(
      key,
      turn.catch(() => undefined),
    );
    return turn;
  }
}
