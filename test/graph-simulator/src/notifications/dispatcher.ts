import { randomUUID } from 'node:crypto';

import type { FaultBook } from '../control/faults';
import type { JsonObject } from '../simulator.types';
import type { DeliveryLog, DeliveryRecord } from './delivery-log';
import type { EndpointRules, EndpointStats } from './endpoint-health';
import { classifyEndpoint, emptyStats, recordDelivery } from './endpoint-health';
import { postToEndpoint } from './post-json';
import type { RetryPolicy } from './retry-schedule';
import { nextRetryDelayMs } from './retry-schedule';

// Delivers change and lifecycle notifications the way libs/contracts/graph-reference/FACTS.md 7/8
// describe Graph doing it: batched per endpoint, 3 s timeout, 2xx = delivered, anything else
// retried with backoff for up to 4 hours, slow endpoints delayed or dropped.

export interface DispatcherOptions {
  readonly deliveryTimeoutMs: number;
  readonly batchWindowMs: number;
  readonly maxBatchSize: number;
  readonly retry: RetryPolicy;
  readonly endpointRules: EndpointRules;
}

export interface QueuedNotification {
  readonly subscriptionId: string;
  readonly notification: JsonObject;
}

interface Batch {
  readonly id: string;
  readonly kind: 'change' | 'lifecycle';
  readonly url: string;
  readonly items: readonly QueuedNotification[];
  readonly firstAttemptAt: number;
}

export class NotificationDispatcher {
  private readonly queues = new Map<string, QueuedNotification[]>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly endpoints = new Map<string, EndpointStats>();
  private abort = new AbortController();

  constructor(
    private readonly deliveries: DeliveryLog,
    private readonly faults: FaultBook,
    private readonly options: DispatcherOptions,
  ) {}

  /** Queues a change notification; the endpoint's queue is flushed after the batch window. */
  enqueue(url: string, item: QueuedNotification): void {
    const queue = this.queues.get(url) ?? [];
    queue.push(item);
    this.queues.set(url, queue);
    if (queue.length >= this.options.maxBatchSize) {
      this.flush(url);
    } else if (queue.length === 1) {
      this.later(this.options.batchWindowMs, () => this.flush(url));
    }
  }

  /** Records a notification Graph generated but did not send (e.g. a paused subscription). */
  recordDropped(url: string, item: QueuedNotification, reason: string): void {
    const batch = {
      id: randomUUID(),
      kind: 'change' as const,
      url,
      items: [item],
      firstAttemptAt: Date.now(),
    };
    this.log(batch, { attempt: 0, outcome: 'dropped', error: reason });
  }

  /** Lifecycle notifications go out at once, one per POST, with the same retry rules. */
  sendLifecycle(url: string, item: QueuedNotification): void {
    this.start({
      id: randomUUID(),
      kind: 'lifecycle',
      url,
      items: [item],
      firstAttemptAt: Date.now(),
    });
  }

  /** Forgets pending work and aborts in-flight POSTs. */
  stop(): void {
    for (const timer of this.timers) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.queues.clear();
    this.endpoints.clear();
    this.abort.abort();
    this.abort = new AbortController();
  }

  private flush(url: string): void {
    const queue = this.queues.get(url) ?? [];
    this.queues.delete(url);
    for (let start = 0; start < queue.length; start += this.options.maxBatchSize) {
      const items = queue.slice(start, start + this.options.maxBatchSize);
      this.start({ id: randomUUID(), kind: 'change', url, items, firstAttemptAt: Date.now() });
    }
  }

  private start(batch: Batch): void {
    // Fire and forget: the outcome is recorded in the delivery log, never thrown.
    void this.attempt(batch, 1);
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(batch: Batch, attempt: number): Promise<void> {
    const now = Date.now();
    const host = new URL(batch.url).origin;
    const state = classifyEndpoint(
      this.endpoints.get(host) ?? emptyStats(now),
      now,
      this.options.endpointRules,
    );
    if (
      this.faults.take(
        { target: 'notification', method: 'POST', path: new URL(batch.url).pathname },
        now,
      )
    ) {
      this.log(batch, { attempt, outcome: 'dropped', error: 'dropped by an injected fault' });
      return;
    }
    if (state === 'dropped') {
      this.log(batch, { attempt, outcome: 'dropped', error: 'endpoint flagged slow (>= 15 %)' });
      return;
    }
    if (state === 'delayed' && attempt === 1) {
      this.log(batch, { attempt, outcome: 'delayed', error: 'endpoint flagged slow (>= 10 %)' });
      this.later(this.options.endpointRules.delayMs, () => void this.attempt(batch, attempt + 1));
      return;
    }
    await this.post(batch, attempt);
  }

  private async post(batch: Batch, attempt: number): Promise<void> {
    const body = JSON.stringify({ value: batch.items.map((item) => item.notification) });
    const result = await postToEndpoint(
      batch.url,
      {
        body,
        contentType: 'application/json; charset=utf-8',
        timeoutMs: this.options.deliveryTimeoutMs,
      },
      this.abort.signal,
    );
    const host = new URL(batch.url).origin;
    const now = Date.now();
    const sample = { now, durationMs: result.error === 'timeout' ? undefined : result.durationMs };
    this.endpoints.set(
      host,
      recordDelivery(
        this.endpoints.get(host) ?? emptyStats(now),
        sample,
        this.options.endpointRules,
      ),
    );
    const delivered = result.status !== undefined && result.status >= 200 && result.status < 300;
    const fields = {
      attempt,
      status: result.status,
      error: result.error,
      durationMs: result.durationMs,
    };
    if (delivered) {
      this.log(batch, { ...fields, outcome: 'delivered' });
      return;
    }
    const delay = nextRetryDelayMs(attempt, now - batch.firstAttemptAt, this.options.retry);
    this.log(batch, { ...fields, outcome: delay === undefined ? 'abandoned' : 'failed' });
    if (delay !== undefined) {
      this.later(delay, () => void this.attempt(batch, attempt + 1));
    }
  }

  private log(
    batch: Batch,
    fields: Pick<DeliveryRecord, 'attempt' | 'outcome'> &
      Partial<Pick<DeliveryRecord, 'status' | 'error' | 'durationMs'>>,
  ): void {
    this.deliveries.add({
      id: randomUUID(),
      batchId: batch.id,
      kind: batch.kind,
      url: batch.url,
      at: new Date().toISOString(),
      subscriptionIds: [...new Set(batch.items.map((item) => item.subscriptionId))],
      body: { value: batch.items.map((item) => item.notification) },
      status: undefined,
      error: undefined,
      durationMs: undefined,
      ...fields,
    });
  }
}
