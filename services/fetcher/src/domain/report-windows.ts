// Consecutive report windows to poll (libs/contracts/graph-reference/FACTS.md §1, facts 14 and 15).
// Windows are half-open [from, to): the next starts where the previous ended, so together they
// cover time exactly once.

export interface TimeWindow {
  readonly from: Date;
  readonly to: Date;
}

export interface WindowOptions {
  /** Graph fills the reports late: poll only up to `now - lagMs`. */
  readonly lagMs: number;
  /** Longest window per request (getPstnCalls accepts at most 90 days). */
  readonly maxWindowMs: number;
  /** At most this many windows per call (the poller comes back for the rest). */
  readonly maxWindows?: number;
}

/** The windows from `watermark` up to `now - lag`, each at most `maxWindowMs` long. */
export function reportWindowsUntil(
  watermark: Date,
  now: Date,
  options: WindowOptions,
): TimeWindow[] {
  const end = now.getTime() - options.lagMs;
  const windows: TimeWindow[] = [];
  const maxWindows = options.maxWindows ?? Number.POSITIVE_INFINITY;
  let from = watermark.getTime();
  while (from < end && windows.length < maxWindows) {
    const to = Math.min(end, from + options.maxWindowMs);
    windows.push({ from: new Date(from), to: new Date(to) });
    from = to;
  }
  return windows;
}

/**
 * Whether a row belongs to a window by its call start. getPstnCalls includes `toDateTime`, so a
 * call starting exactly on a boundary comes back in two windows: it belongs to the later one.
 */
export function startsInWindow(
  startDateTime: string | null | undefined,
  window: TimeWindow,
): boolean {
  const start = startDateTime ? Date.parse(startDateTime) : Number.NaN;
  if (Number.isNaN(start)) {
    // A row without a start cannot be placed: keep it (its id makes a repeat harmless).
    return true;
  }
  return start >= window.from.getTime() && start < window.to.getTime();
}
