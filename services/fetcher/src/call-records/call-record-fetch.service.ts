import {
  CallRecordFetchedV1Definition,
  createEvent,
  encodeEvent,
  graphKey,
  isClassifiedError,
  RetryableError,
} from '@callrecords/contracts';
import type { ClassifiedError, NotificationReceivedV1 } from '@callrecords/contracts';
import type { GraphCallRecord } from '@callrecords/graph-client';
import type { ConsumedEvent, HandleOutcome, OutgoingMessage } from '@callrecords/kafka';
import type { Logger } from '@callrecords/service-kit';

import { coalesceNotifications } from '../domain/coalesce-notifications';
import type { CoalescedFetch } from '../domain/coalesce-notifications';
import { decideOnFailure } from '../domain/failure-policy';
import type { FailureDecision, FailurePolicy } from '../domain/failure-policy';
import type { FetcherMetrics } from '../platform/fetcher-metrics.service';
import type { GraphAccess } from '../platform/graph-access.service';
import type { PersonSealer } from '../platform/person-sealer.service';
import type { Pseudonymiser } from '../platform/pseudonymiser.service';
import type { Clock } from '../platform/graph-rate-limiter.service';

export interface CallRecordFetchOptions {
  readonly graph: Pick<GraphAccess, 'fetchCallRecord'>;
  /** Told about a Retry-After so every request of the tenant waits, not only this one. */
  readonly onThrottled: (tenantId: string, retryAfterMs: number) => void;
  readonly policy: FailurePolicy;
  /** Fetches in flight at once, over every chunk being handled. */
  readonly concurrency: number;
  readonly recordsTopic: string;
  /** Applied to the record before it is produced (pseudonymous mode); identity when absent. */
  readonly pseudonymiser?: Pick<Pseudonymiser, 'apply'>;
  /** Seals personal values with per-person keys (crypto-shredding); values stay clear when absent. */
  readonly sealer?: Pick<PersonSealer, 'seal'>;
  readonly clock: Clock;
  readonly random: () => number;
  readonly metrics: FetcherMetrics;
  readonly logger: Logger;
}

type Notification = ConsumedEvent<NotificationReceivedV1>;

const DUPLICATE: HandleOutcome = {
  kind: 'skip',
  reason: 'coalesced with another notification for the same record',
};

/**
 * Notifications → complete call records: duplicates in a batch are fetched once, fetches run with
 * bounded concurrency, and each failure becomes an outcome through the failure policy.
 */
export class CallRecordFetchService {
  private readonly inFlight: <T>(work: () => Promise<T>) => Promise<T>;

  constructor(private readonly options: CallRecordFetchOptions) {
    this.inFlight = boundedRunner(options.concurrency);
  }

  async handle(notifications: readonly Notification[]): Promise<HandleOutcome[]> {
    const outcomes: HandleOutcome[] = notifications.map(() => DUPLICATE);
    const fetches = coalesceNotifications(
      notifications.map((n) => ({
        tenantId: n.event.tenantId,
        callRecordId: n.event.payload.callRecordId,
        attempt: n.attempt,
      })),
    );
    await Promise.all(
      fetches.map((fetch: CoalescedFetch) =>
        this.inFlight(async () => {
          outcomes[fetch.leader] = await this.fetchOne(notifications[fetch.leader] as Notification);
          this.options.metrics.coalesced.inc(fetch.duplicates.length);
        }),
      ),
    );
    return outcomes;
  }

  private async fetchOne(notification: Notification): Promise<HandleOutcome> {
    const { tenantId, payload } = notification.event;
    for (let inlineTries = 1; ; inlineTries += 1) {
      try {
        const fetched = await this.options.graph.fetchCallRecord(tenantId, payload.callRecordId);
        const messages = this.toMessages(notification.event, fetched.record, fetched.requestCount);
        this.options.metrics.recordsFetched.inc();
        return { kind: 'done', produce: messages };
      } catch (error) {
        const classified = classify(error);
        if (classified.kind === 'retryable' && classified.retryAfterMs !== undefined) {
          this.options.onThrottled(tenantId, classified.retryAfterMs);
        }
        const decision = decideOnFailure(
          classified,
          { attempt: notification.attempt, inlineTries, random: this.options.random },
          this.options.policy,
        );
        const outcome = await this.apply(decision, classified, notification);
        if (outcome) {
          return outcome;
        }
      }
    }
  }

  // Undefined means "try again now" (after the inline wait).
  private async apply(
    decision: FailureDecision,
    error: ClassifiedError,
    notification: Notification,
  ): Promise<HandleOutcome | undefined> {
    const { metrics, logger } = this.options;
    const ids = {
      tenantId: notification.event.tenantId,
      callRecordId: notification.event.payload.callRecordId,
      attempt: notification.attempt,
    };
    switch (decision.kind) {
      case 'wait-inline':
        metrics.retries.inc({ reason: decision.reason, via: 'inline' });
        await this.options.clock.sleep(decision.waitMs);
        return undefined;
      case 'retry-later':
        metrics.retries.inc({ reason: decision.reason, via: 'topic' });
        logger.info(
          { ...ids, reason: decision.reason, afterMs: decision.afterMs },
          'fetch retry later',
        );
        return { kind: 'retry-later', afterMs: decision.afterMs, reason: decision.reason };
      case 'dead-letter':
        metrics.deadLetters.inc({ reason: decision.reason });
        logger.warn({ ...ids, reason: decision.reason, err: error }, 'fetch dead-lettered');
        return {
          kind: 'dead-letter',
          reason: `${decision.reason}: ${decision.detail}`,
          error,
        };
    }
  }

  // The record, preceded by the person keys it was sealed with: one transaction writes both.
  private toMessages(
    notification: NotificationReceivedV1,
    fetched: GraphCallRecord,
    requestCount: number,
  ): OutgoingMessage[] {
    const now = new Date(this.options.clock.now());
    const clear = this.options.pseudonymiser?.apply(notification.tenantId, fetched) ?? fetched;
    const sealed = this.options.sealer?.seal(notification.tenantId, clear, now);
    const record = sealed?.value ?? clear;
    const modified = record['lastModifiedDateTime'];
    const lastModified = typeof modified === 'string' ? modified : '';
    const modifiedAt = new Date(lastModified);
    const event = createEvent(CallRecordFetchedV1Definition, {
      tenantId: notification.tenantId,
      correlationId: notification.correlationId,
      occurredAt: Number.isNaN(modifiedAt.getTime()) ? now : modifiedAt,
      producedAt: now,
      payload: {
        callRecord: record as never,
        version: record.version,
        lastModifiedDateTime: lastModified,
        fetchedAt: now.toISOString(),
        graphRequestCount: Math.max(1, requestCount),
      },
    });
    // Validates against the contract; a record that does not fit throws a PermanentError.
    const encoded = encodeEvent(CallRecordFetchedV1Definition, event);
    const message: OutgoingMessage = {
      topic: this.options.recordsTopic,
      key: graphKey(notification.tenantId, record.id),
      value: encoded.value,
      headers: encoded.headers,
      // Dated by the call's start: time-based retention of the topic counts from there.
      timestamp: messageTimestamp(record['startDateTime'], now),
    };
    return [...(sealed?.keyMessages ?? []), message];
  }
}

/** The call's start as epoch ms, or `fallback` when the record has none (README "Personal data"). */
function messageTimestamp(start: unknown, fallback: Date): number {
  const started = typeof start === 'string' ? Date.parse(start) : NaN;
  return Number.isNaN(started) ? fallback.getTime() : started;
}

// Anything outside our vocabulary is a fault we did not foresee: retry it, bounded by the policy.
function classify(error: unknown): ClassifiedError {
  return isClassifiedError(error)
    ? error
    : new RetryableError(error instanceof Error ? error.message : String(error), { cause: error });
}

/**
 * At most `limit` calls of the returned function in progress at once, first come first served,
 * across every caller: chunks handled at the same time (several partitions, the next chunk while
 * the previous commits) share one bound on Graph requests in flight.
 */
export function boundedRunner(limit: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running -= 1;
    waiting.shift()?.();
  };
  return async (work) => {
    if (running >= limit) {
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running += 1;
    try {
      return await work();
    } finally {
      release();
    }
  };
}
