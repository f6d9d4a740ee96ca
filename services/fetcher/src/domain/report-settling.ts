import { createHash } from 'node:crypto';

import type { TimeWindow } from './report-windows';

// Graph fills the PSTN / Direct Routing reports late and may correct a row later (Microsoft states
// no latency; the admin center's PSTN report says 24–48 h). A window polled once is therefore polled
// again until its calls are older than the settle period. Two watermarks per tenant and report:
//   firstPolledTo: every call that started before it was polled at least once;
//   settledTo:     every call that started before it was polled again after the settle period.
// Rows are keyed by their id downstream, so a re-polled row replaces itself and is never counted twice.

export interface ReportProgress {
  readonly firstPolledTo: Date;
  readonly settledTo: Date;
  /** When [settledTo, firstPolledTo) was last re-polled completely; undefined: never. */
  readonly repolledAt: Date | undefined;
}

export interface SettleOptions {
  /** A call is settled once the last poll that covered it happened this long after it started. */
  readonly settleMs: number;
  /** Re-poll the unsettled span at most this often. */
  readonly repollIntervalMs: number;
  /** Longest window per re-poll request (Graph allows 90 days; one request pages through it). */
  readonly maxWindowMs: number;
}

/**
 * The windows to poll again now: [settledTo, firstPolledTo) cut into windows of at most
 * `maxWindowMs`, or none when nothing is unsettled or the last re-poll is more recent than the
 * interval.
 */
export function repollWindows(
  progress: ReportProgress,
  now: Date,
  options: SettleOptions,
): TimeWindow[] {
  const { firstPolledTo, settledTo, repolledAt } = progress;
  if (settledTo.getTime() >= firstPolledTo.getTime()) {
    return [];
  }
  if (repolledAt && now.getTime() - repolledAt.getTime() < options.repollIntervalMs) {
    return [];
  }
  const windows: TimeWindow[] = [];
  for (let from = settledTo.getTime(); from < firstPolledTo.getTime();) {
    const to = Math.min(firstPolledTo.getTime(), from + options.maxWindowMs);
    windows.push({ from: new Date(from), to: new Date(to) });
    from = to;
  }
  return windows;
}

/**
 * The progress after a complete re-poll that started at `startedAt`: calls that started at least
 * `settleMs` before it are settled (never beyond what was first polled, never backwards).
 */
export function afterRepoll(
  progress: ReportProgress,
  startedAt: Date,
  settleMs: number,
): ReportProgress {
  const candidate = Math.min(progress.firstPolledTo.getTime(), startedAt.getTime() - settleMs);
  return {
    firstPolledTo: progress.firstPolledTo,
    settledTo: new Date(Math.max(progress.settledTo.getTime(), candidate)),
    repolledAt: startedAt,
  };
}

/** The progress of a report never polled: nothing first polled and nothing settled past `start`. */
export function freshProgress(start: Date): ReportProgress {
  return { firstPolledTo: start, settledTo: start, repolledAt: undefined };
}

/**
 * Remembers what each row looked like when it was last produced, so a re-poll produces only rows
 * that are new or changed. Lives in memory: after a restart the first re-poll produces the unsettled
 * rows once more, which the indexes and rollups absorb (same id, newer fetch, same content).
 */
export class RowFingerprints {
  private readonly seen = new Map<string, { fingerprint: string; startMs: number }>();

  /** True when `row` under `key` differs from what was last produced (or was never produced). */
  changed(key: string, row: unknown): boolean {
    const previous = this.seen.get(key);
    return previous === undefined || previous.fingerprint !== fingerprintOf(row);
  }

  /** Records `row` as produced; `startMs` lets `forgetBefore` drop it once settled. */
  remember(key: string, row: unknown, startMs: number): void {
    this.seen.set(key, { fingerprint: fingerprintOf(row), startMs });
  }

  /** Forgets rows that started before `settledTo`: they are not polled again. */
  forgetBefore(settledTo: Date): void {
    for (const [key, entry] of this.seen) {
      if (entry.startMs < settledTo.getTime()) {
        this.seen.delete(key);
      }
    }
  }

  get size(): number {
    return this.seen.size;
  }
}

function fingerprintOf(row: unknown): string {
  return createHash('sha256').update(JSON.stringify(row)).digest('base64');
}
