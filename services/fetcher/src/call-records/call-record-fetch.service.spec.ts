import { describe, expect, it } from '@jest/globals';

import {
  NotYetAvailableError,
  PermanentError,
  RetryableError,
  TenantAccessError,
} from '@callrecords/contracts';
import type { NotificationReceivedV1 } from '@callrecords/contracts';
import type { GraphCallRecord } from '@callrecords/graph-client';
import type { ConsumedEvent } from '@callrecords/kafka';
import { createLogger, createMetricsRegistry } from '@callrecords/service-kit';
import { aMeetingWithSessions, aNotificationReceived } from '@callrecords/testing';

import { seededRandom } from '../domain/retry-schedule';
import { FetcherMetrics } from '../platform/fetcher-metrics.service';
import { CallRecordFetchService } from './call-record-fetch.service';

// In-memory fakes: Graph answers from a script per record id, the clock only records sleeps.
function harness(script: Record<string, (Error | GraphCallRecord)[]>) {
  const calls: string[] = [];
  const sleeps: number[] = [];
  const throttled: number[] = [];
  const service = new CallRecordFetchService({
    graph: {
      fetchCallRecord: (_tenantId, id) => {
        calls.push(id);
        const next = script[id]?.shift();
        return next instanceof Error || next === undefined
          ? Promise.reject(next ?? new Error('no script'))
          : Promise.resolve({ record: next, requestCount: 2 });
      },
    },
    onThrottled: (_tenantId, ms) => throttled.push(ms),
    policy: {
      notYetAvailableDelaysMs: [30_000],
      backoff: { baseMs: 100, maxMs: 1_000 },
      maxDeliveries: 3,
      maxInlineWaitMs: 5_000,
      maxInlineTries: 3,
    },
    concurrency: 4,
    recordsTopic: 'records',
    clock: {
      now: () => Date.parse('2024-05-01T12:00:00Z'),
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    },
    random: seededRandom(1),
    metrics: new FetcherMetrics(
      createMetricsRegistry({ service: 'fetcher', defaultMetrics: false }),
    ),
    logger: createLogger({ service: 'fetcher', version: 'test', level: 'silent' }),
  });
  return { service, calls, sleeps, throttled };
}

function consumed(callRecordId: string, attempt = 1): ConsumedEvent<NotificationReceivedV1> {
  const event = aNotificationReceived();
  return {
    event: { ...event, payload: { ...event.payload, callRecordId } },
    key: `${event.tenantId}:${callRecordId}`,
    headers: {},
    topic: 'notifications',
    partition: 0,
    offset: '0',
    attempt,
  };
}

function aRecord(seed: number): GraphCallRecord {
  return aMeetingWithSessions(2, seed);
}

describe(CallRecordFetchService.name, () => {
  it('fetches a record notified twice in a batch once and skips the duplicate', async () => {
    const record = aRecord(1);
    const { service, calls } = harness({ [record.id]: [record] });

    const outcomes = await service.handle([consumed(record.id), consumed(record.id)]);

    expect(calls).toEqual([record.id]);
    expect(outcomes.map((o) => o.kind)).toEqual(['done', 'skip']);
  });

  it('produces a CallRecordFetched event keyed by tenant and record id', async () => {
    const record = aRecord(2);
    const { service } = harness({ [record.id]: [record] });
    const notification = consumed(record.id);

    const [outcome] = await service.handle([notification]);

    expect(outcome?.kind === 'done' && outcome.produce[0]?.key).toBe(
      `${notification.event.tenantId}:${record.id}`,
    );
    expect(outcome?.kind === 'done' && outcome.produce[0]?.headers?.['type']).toBe(
      'CallRecordFetched',
    );
  });

  it('waits out a short Retry-After in the batch and throttles the whole tenant', async () => {
    const record = aRecord(3);
    const { service, sleeps, throttled } = harness({
      [record.id]: [new RetryableError('429', { retryAfterMs: 1_500 }), record],
    });

    const outcomes = await service.handle([consumed(record.id)]);

    expect(outcomes.map((o) => o.kind)).toEqual(['done']);
    expect(sleeps).toEqual([1_500]);
    expect(throttled).toEqual([1_500]);
  });

  it.each([
    ['a 404', new NotYetAvailableError('404'), { kind: 'retry-later', afterMs: 30_000 }],
    ['a permanent error', new PermanentError('403'), { kind: 'dead-letter' }],
    ['a withdrawn tenant', new TenantAccessError('gone'), { kind: 'dead-letter' }],
  ])('turns %s into its outcome', async (_name, error, expected) => {
    const { service } = harness({ x: [error] });

    const [outcome] = await service.handle([consumed('x')]);

    expect(outcome).toMatchObject(expected);
  });

  it('sends a 5xx that outlasts the batch tries to the retry topic', async () => {
    const failures = [
      new RetryableError('503'),
      new RetryableError('503'),
      new RetryableError('503'),
    ];
    const { service, sleeps } = harness({ x: failures });

    const [outcome] = await service.handle([consumed('x')]);

    expect(outcome).toMatchObject({ kind: 'retry-later', reason: 'unavailable' });
    expect(sleeps).toHaveLength(2);
  });
});
