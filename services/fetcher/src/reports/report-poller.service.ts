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

import { reportWindowsUntil } from '../domain/report-windows';
import type { TimeWindow } from '../domain/report-windows';
import { FETCHER_RUNTIME } from '../fetcher.constants';
import type { FetcherRuntime } from '../fetcher.constants';
import { reportMessages } from './report-messages';

const KINDS: readonly ReportKind[] = ['pstn', 'directRouting'];
const DEFAULT_HISTORY_MS = 7 * 24 * 60 * 60 * 1000;
// Windows per tenant and report in one round, so one tenant's backlog never starves the others.
const WINDOWS_PER_ROUND = 24;

/**
 * Polls getPstnCalls / getDirectRoutingCalls per tenant over consecutive windows. Each window's
 * rows and its watermark go in one Kafka transaction, so a restart resumes exactly where the last
 * committed window ended. The transactional id is shared by all replicas: a second poller fences
 * the first, so two can never interleave (README: "One poller").
 */
@Injectable()
export class ReportPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly producer: TransactionalProducer;
  private readonly stopping = new AbortController();
  private readonly watermarks = new Map<string, Date>();
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

  /** The watermark of a tenant's report (for tests and logs). */
  watermarkOf(tenantId: string, kind: ReportKind): Date | undefined {
    return this.watermarks.get(graphKey(tenantId, kind));
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
    this.watermarks.clear();
    for (const entry of snapshot.values()) {
      const event = decodeEvent(ReportWatermarkV1Definition, entry.value, entry.headers);
      const key = graphKey(event.tenantId, event.payload.reportKind);
      this.watermarks.set(key, new Date(event.payload.window.toDateTime));
    }
    this.loaded = true;
    this.runtime.logger.info({ watermarks: this.watermarks.size }, 'report watermarks loaded');
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
        const windows = reportWindowsUntil(
          this.watermarks.get(graphKey(tenantId, kind)) ?? this.historyStart,
          new Date(this.runtime.clock.now()),
          {
            lagMs: config.FETCHER_REPORTS_LAG_MINUTES * 60_000,
            maxWindowMs: config.FETCHER_REPORTS_WINDOW_MINUTES * 60_000,
            maxWindows: WINDOWS_PER_ROUND,
          },
        );
        const completed = await this.pollWindows(tenantId, kind, windows);
        more ||= completed === WINDOWS_PER_ROUND;
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
      await this.commitWindow(tenantId, kind, { window, rows });
      completed += 1;
    }
    return completed;
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

  private async commitWindow(
    tenantId: string,
    kind: ReportKind,
    polled: { window: TimeWindow; rows: readonly unknown[] },
  ): Promise<void> {
    const { topics, metrics, clock } = this.runtime;
    const built = reportMessages({
      tenantId,
      kind,
      window: polled.window,
      rows: polled.rows,
      now: new Date(clock.now()),
      topics: {
        pstn: topics.pstnCalls,
        directRouting: topics.directRoutingCalls,
        watermarks: topics.watermarks,
      },
    });
    const messages: OutgoingMessage[] = [...built.rows, built.watermark];
    // Rows and watermark together, or neither: a crash in between re-polls the window.
    await this.producer.sendAtomically(messages);
    this.watermarks.set(graphKey(tenantId, kind), polled.window.to);
    metrics.reportRows.inc({ kind }, built.rows.length);
    metrics.reportRowsInvalid.inc({ kind }, built.invalid);
    metrics.reportWatermark.set({ kind, tenant: tenantId }, polled.window.to.getTime() / 1000);
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
