import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import {
  decodeEvent,
  graphKey,
  isClassifiedError,
  ReportWatermarkV1Definition,
} from '@callrecords/contracts';
import type { ReportKind } from '@callrecords/contracts';
import { createTransactionalProducer, readTopicSnapshot } from '@callrecords/kafka';
import type { OutgoingMessage, TransactionalProducer } from '@callrecords/kafka';

import {
  afterRepoll,
  freshProgress,
  repollWindows,
  RowFingerprints,
} from '../domain/report-settling';
import type { ReportProgress } from '../domain/report-settling';
import { reportWindowsUntil } from '../domain/report-windows';
import type { TimeWindow } from '../domain/report-windows';
import { FETCHER_RUNTIME } from '../fetcher.constants';
import type { FetcherRuntime } from '../fetcher.constants';
import { reportMessages, watermarkMessage } from './report-messages';
import type { RowMessage } from './report-messages';

const KINDS: readonly ReportKind[] = ['pstn', 'directRouting'];
const DEFAULT_HISTORY_MS = 7 * 24 * 60 * 60 * 1000;
// Windows per tenant and report in one round, so one tenant's backlog never starves the others.
const WINDOWS_PER_ROUND = 24;

/** What the poller knows of one tenant's report. */
interface ReportState {
  readonly progress: ReportProgress;
  /** The last window first-polled (the watermark event's `window`), and its row count. */
  readonly lastWindow: TimeWindow;
  readonly lastRowCount: number;
}

/**
 * Polls getPstnCalls / getDirectRoutingCalls per tenant over consecutive windows, then polls the
 * span not yet settled again (`domain/report-settling.ts`): late rows and changed rows are produced
 * under their row id, so they replace themselves downstream. Each window's rows and its watermark
 * go in one Kafka transaction, so a restart resumes exactly where the last committed window ended.
 * The transactional id is shared by all replicas: a second poller fences the first, so two can
 * never interleave (README: "One poller").
 */
@Injectable()
export class ReportPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly producer: TransactionalProducer;
  private readonly stopping = new AbortController();
  private readonly states = new Map<string, ReportState>();
  private readonly fingerprints = new Map<string, RowFingerprints>();
  private readonly historyStart: Date;
  private loop: Promise<void> | undefined;
  private loaded = false;

  constructor(@Inject(FETCHER_RUNTIME) private readonly runtime: FetcherRuntime) {
    this.producer = createTransactionalProducer(runtime.kafka, runtime.transactionalIds.reports);
    const configured = runtime.config.FETCHER_REPORTS_HISTORY_START;
    this.historyStart = configured
      ? new Date(configured)
      : new Date(runtime.clock.now() - DEFAULT_HISTORY_MS);
  }

  onApplicationBootstrap(): void {
    this.runtime.readiness.register({
      name: 'report-poller-producer',
      check: () =>
        this.producer.connected || !this.loaded
          ? Promise.resolve()
          : Promise.reject(new Error('report producer not connected')),
    });
    // Runs for the life of the app and handles its own errors; shutdown awaits it.
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.producer.disconnect().catch(() => undefined);
  }

  /** "First polled to" of a tenant's report (for tests and logs). */
  watermarkOf(tenantId: string, kind: ReportKind): Date | undefined {
    return this.states.get(graphKey(tenantId, kind))?.progress.firstPolledTo;
  }

  /** Both watermarks of a tenant's report (for tests and logs). */
  progressOf(tenantId: string, kind: ReportKind): ReportProgress | undefined {
    return this.states.get(graphKey(tenantId, kind))?.progress;
  }

  private get settleMs(): number {
    return this.runtime.config.FETCHER_REPORTS_SETTLE_HOURS * 3_600_000;
  }

  private async run(): Promise<void> {
    const { config, logger } = this.runtime;
    const pauseMs = config.FETCHER_REPORTS_POLL_INTERVAL_SECONDS * 1000;
    while (!this.stopping.signal.aborted) {
      try {
        if (!this.loaded) {
          await this.start();
        }
        const more = await this.pollRound();
        await this.pause(more ? 0 : pauseMs);
      } catch (error) {
        // Kafka failed (broker away, or another poller fenced us): start over from the topic.
        logger.warn({ err: error }, 'report poller failed; reconnecting');
        this.loaded = false;
        await this.producer.disconnect().catch(() => undefined);
        await this.pause(Math.min(pauseMs, 5_000));
      }
    }
  }

  // Connecting fences any older poller and aborts its open transaction; only then is the
  // watermarks topic complete for read_committed readers.
  private async start(): Promise<void> {
    await this.producer.connect();
    const snapshot = await readTopicSnapshot(this.runtime.kafka, this.runtime.topics.watermarks);
    this.states.clear();
    for (const entry of snapshot.values()) {
      const { tenantId, payload } = decodeEvent(
        ReportWatermarkV1Definition,
        entry.value,
        entry.headers,
      );
      const firstPolledTo = new Date(payload.firstPolledTo ?? payload.window.toDateTime);
      this.states.set(graphKey(tenantId, payload.reportKind), {
        progress: {
          firstPolledTo,
          // A watermark from before re-polling: the last settle period is polled again once.
          settledTo: payload.settledTo
            ? new Date(payload.settledTo)
            : new Date(firstPolledTo.getTime() - this.settleMs),
          repolledAt: payload.repolledAt ? new Date(payload.repolledAt) : undefined,
        },
        lastWindow: {
          from: new Date(payload.window.fromDateTime),
          to: new Date(payload.window.toDateTime),
        },
        lastRowCount: payload.rowCount,
      });
    }
    this.loaded = true;
    this.runtime.logger.info({ watermarks: this.states.size }, 'report watermarks loaded');
  }

  /** One round over every tenant and report; true when some backlog is left for the next round. */
  private async pollRound(): Promise<boolean> {
    const { config } = this.runtime;
    let more = false;
    for (const tenantId of config.GRAPH_TENANT_IDS) {
      for (const kind of KINDS) {
        if (this.stopping.signal.aborted) {
          return false;
        }
        const key = graphKey(tenantId, kind);
        const progress = this.states.get(key)?.progress ?? freshProgress(this.historyStart);
        const windows = reportWindowsUntil(
          progress.firstPolledTo,
          new Date(this.runtime.clock.now()),
          {
            lagMs: config.FETCHER_REPORTS_LAG_MINUTES * 60_000,
            maxWindowMs: config.FETCHER_REPORTS_WINDOW_MINUTES * 60_000,
            maxWindows: WINDOWS_PER_ROUND,
          },
        );
        const completed = await this.pollWindows(tenantId, kind, windows);
        more ||= completed === WINDOWS_PER_ROUND;
        if (completed === windows.length) {
          await this.repoll(tenantId, kind);
        }
      }
    }
    return more;
  }

  private async pollWindows(
    tenantId: string,
    kind: ReportKind,
    windows: readonly TimeWindow[],
  ): Promise<number> {
    let completed = 0;
    for (const window of windows) {
      const rows = await this.listRows(tenantId, kind, window);
      if (rows === undefined || this.stopping.signal.aborted) {
        break;
      }
      await this.commitFirstPoll(tenantId, kind, { window, rows });
      completed += 1;
    }
    return completed;
  }

  /** Polls [settledTo, firstPolledTo) again when due; the watermark moves only when all of it was read. */
  private async repoll(tenantId: string, kind: ReportKind): Promise<void> {
    const { config, clock } = this.runtime;
    const state = this.states.get(graphKey(tenantId, kind));
    if (!state) {
      return;
    }
    const startedAt = new Date(clock.now());
    const windows = repollWindows(state.progress, startedAt, {
      settleMs: this.settleMs,
      repollIntervalMs: config.FETCHER_REPORTS_REPOLL_INTERVAL_MINUTES * 60_000,
      maxWindowMs: config.FETCHER_REPORTS_REPOLL_WINDOW_HOURS * 3_600_000,
    });
    for (const [index, window] of windows.entries()) {
      const rows = await this.listRows(tenantId, kind, window);
      if (rows === undefined || this.stopping.signal.aborted) {
        return;
      }
      const last = index === windows.length - 1;
      await this.commitRepoll(tenantId, kind, {
        window,
        rows,
        settled: last ? afterRepoll(state.progress, startedAt, this.settleMs) : undefined,
      });
    }
  }

  // A Graph failure stops this tenant's report for the round; the same window is polled next time.
  private async listRows(
    tenantId: string,
    kind: ReportKind,
    window: TimeWindow,
  ): Promise<unknown[] | undefined> {
    const { graph, metrics, logger, limiter } = this.runtime;
    try {
      return kind === 'pstn'
        ? await graph.listPstnCalls(tenantId, window)
        : await graph.listDirectRoutingCalls(tenantId, window);
    } catch (error) {
      if (!isClassifiedError(error)) {
        throw error;
      }
      if (error.kind === 'retryable' && error.retryAfterMs !== undefined) {
        limiter.block(tenantId, error.retryAfterMs);
      }
      metrics.reportFailures.inc({ kind });
      logger.warn({ tenantId, kind, err: error }, 'report window failed; will poll it again');
      return undefined;
    }
  }

  private fingerprintsOf(tenantId: string, kind: ReportKind): RowFingerprints {
    const key = graphKey(tenantId, kind);
    let fingerprints = this.fingerprints.get(key);
    if (!fingerprints) {
      fingerprints = new RowFingerprints();
      this.fingerprints.set(key, fingerprints);
    }
    return fingerprints;
  }

  private rowMessagesOf(
    tenantId: string,
    kind: ReportKind,
    polled: { window: TimeWindow; rows: readonly unknown[] },
  ) {
    const { topics, clock, pseudonymiser, sealer } = this.runtime;
    const fingerprints = this.fingerprintsOf(tenantId, kind);
    const now = new Date(clock.now());
    const built = reportMessages({
      tenantId,
      kind,
      window: polled.window,
      // Pseudonymous mode: rows are pseudonymised before they are fingerprinted or produced.
      rows: polled.rows.map((row) => pseudonymiser.apply(tenantId, row)),
      now,
      topics: {
        pstn: topics.pstnCalls,
        directRouting: topics.directRoutingCalls,
        watermarks: topics.watermarks,
      },
      include: (key, row) => fingerprints.changed(key, row),
      ...(sealer ? { seal: (row: unknown) => sealer.seal(tenantId, row, now) } : {}),
    });
    const remember = (): void => {
      for (const row of built.rows) {
        const startMs = Number.isNaN(row.startMs) ? now.getTime() : row.startMs;
        fingerprints.remember(row.key, row.row, startMs);
      }
    };
    return { built, now, remember };
  }

  private async commitFirstPoll(
    tenantId: string,
    kind: ReportKind,
    polled: { window: TimeWindow; rows: readonly unknown[] },
  ): Promise<void> {
    const { topics, metrics } = this.runtime;
    const key = graphKey(tenantId, kind);
    const previous = this.states.get(key)?.progress ?? freshProgress(this.historyStart);
    const { built, now, remember } = this.rowMessagesOf(tenantId, kind, polled);
    const state: ReportState = {
      progress: { ...previous, firstPolledTo: polled.window.to },
      lastWindow: polled.window,
      lastRowCount: built.rows.length,
    };
    const watermark = watermarkMessage({
      tenantId,
      kind,
      lastWindow: state.lastWindow,
      progress: state.progress,
      rowCount: state.lastRowCount,
      now,
      topic: topics.watermarks,
    });
    // Rows and watermark together, or neither: a crash in between re-polls the window.
    await this.producer.sendAtomically([...rowMessagesWithKeys(built.rows), watermark]);
    remember();
    this.states.set(key, state);
    metrics.reportRows.inc({ kind }, built.rows.length);
    metrics.reportRowsInvalid.inc({ kind }, built.invalid);
    metrics.reportWatermark.set({ kind, tenant: tenantId }, polled.window.to.getTime() / 1000);
  }

  private async commitRepoll(
    tenantId: string,
    kind: ReportKind,
    polled: { window: TimeWindow; rows: readonly unknown[]; settled: ReportProgress | undefined },
  ): Promise<void> {
    const { topics, metrics, logger } = this.runtime;
    const key = graphKey(tenantId, kind);
    const state = this.states.get(key);
    if (!state) {
      return;
    }
    const { built, now, remember } = this.rowMessagesOf(tenantId, kind, polled);
    const messages = rowMessagesWithKeys(built.rows);
    const next = polled.settled && { ...state, progress: polled.settled };
    if (next) {
      messages.push(
        watermarkMessage({
          tenantId,
          kind,
          lastWindow: next.lastWindow,
          progress: next.progress,
          rowCount: next.lastRowCount,
          now,
          topic: topics.watermarks,
        }),
      );
    }
    if (messages.length > 0) {
      await this.producer.sendAtomically(messages);
    }
    remember();
    metrics.reportRows.inc({ kind }, built.rows.length);
    metrics.reportRowsInvalid.inc({ kind }, built.invalid);
    metrics.reportRepolledRows.inc({ kind, result: 'new-or-changed' }, built.rows.length);
    metrics.reportRepolledRows.inc({ kind, result: 'unchanged' }, built.skipped);
    if (built.rows.length > 0) {
      logger.info({ tenantId, kind, rows: built.rows.length }, 'late or changed report rows');
    }
    if (next) {
      this.states.set(key, next);
      this.fingerprintsOf(tenantId, kind).forgetBefore(next.progress.settledTo);
      metrics.reportSettled.set(
        { kind, tenant: tenantId },
        next.progress.settledTo.getTime() / 1000,
      );
    }
  }

  private pause(ms: number): Promise<void> {
    if (ms <= 0 || this.stopping.signal.aborted) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.stopping.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

// A sealed row goes with the person keys it was sealed with, in the same transaction.
function rowMessagesWithKeys(rows: readonly RowMessage[]): OutgoingMessage[] {
  return rows.flatMap((r) => [...r.keyMessages, r.message]);
}
