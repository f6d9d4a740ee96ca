import { describe, expect, it } from '@jest/globals';

import type { DeadLetter, HandleOutcome, PlanContext, RawMessage } from './outcomes';
import { planBatch } from './outcomes';
import { readDeliveryInfo, RETRY_HEADERS } from './retry-headers';

function aMessage(offset: string, headers: Record<string, string> = {}): RawMessage {
  const at = { topic: 'callrecords.notifications.v1', partition: 0, offset };
  return {
    ...at,
    key: 't:1',
    value: Buffer.from(`v${offset}`),
    headers,
    delivery: readDeliveryInfo(headers, at),
  };
}

const context: PlanContext = {
  now: 1_000,
  retryTopic: 'callrecords.fetcher.retry.v1',
  maxAttempts: 3,
  toDeadLetter: (d: DeadLetter) => ({
    topic: 'dlq',
    key: d.message.key ?? '',
    value: Buffer.from(d.reason),
  }),
};

describe(planBatch.name, () => {
  it('produces what done outcomes carry and nothing for skips', () => {
    const out = { topic: 'callrecords.records.v1', key: 't:1', value: Buffer.from('r') };
    const outcomes: HandleOutcome[] = [
      { kind: 'done', produce: [out] },
      { kind: 'skip', reason: 'duplicate' },
    ];

    const plan = planBatch([aMessage('1'), aMessage('2')], outcomes, context);

    expect(plan.produce).toEqual([out]);
    expect(plan.counts).toEqual({ done: 1, 'retry-later': 0, 'dead-letter': 0, skip: 1 });
  });

  it('sends a retry-later to the retry topic with the original bytes and when it is due', () => {
    const plan = planBatch(
      [aMessage('7')],
      [{ kind: 'retry-later', afterMs: 500, reason: '404' }],
      context,
    );

    const [retry] = plan.produce;
    expect(retry).toMatchObject({
      topic: 'callrecords.fetcher.retry.v1',
      key: 't:1',
      value: Buffer.from('v7'),
    });
    expect(retry?.headers?.[RETRY_HEADERS.attempt]).toBe('2');
    expect(retry?.headers?.[RETRY_HEADERS.notBefore]).toBe('1500');
    expect(retry?.headers?.[RETRY_HEADERS.originalOffset]).toBe('7');
  });

  it('turns a retry-later into a dead letter once the attempts are used up', () => {
    const third = aMessage('9', {
      [RETRY_HEADERS.attempt]: '3',
      [RETRY_HEADERS.originalTopic]: 'x',
    });

    const plan = planBatch([third], [{ kind: 'retry-later', afterMs: 1, reason: '404' }], context);

    expect(plan.counts['dead-letter']).toBe(1);
    expect(plan.produce[0]?.topic).toBe('dlq');
    expect(plan.produce[0]?.value?.toString()).toBe('404 (gave up after 3 attempts)');
  });

  it('turns a retry-later into a dead letter when there is no retry topic', () => {
    const plan = planBatch([aMessage('1')], [{ kind: 'retry-later', afterMs: 1, reason: 'x' }], {
      ...context,
      retryTopic: undefined,
    });

    expect(plan.produce[0]?.topic).toBe('dlq');
  });

  it('refuses a handler that returned a different number of outcomes', () => {
    expect(() => planBatch([aMessage('1')], [], context)).toThrow(
      'handler returned 0 outcomes for 1 messages',
    );
  });
});
