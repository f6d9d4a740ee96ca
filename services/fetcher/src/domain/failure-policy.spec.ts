import { describe, expect, it } from '@jest/globals';

import {
  NotYetAvailableError,
  PermanentError,
  RetryableError,
  TenantAccessError,
} from '@callrecords/contracts';

import { decideOnFailure } from './failure-policy';
import type { FailurePolicy } from './failure-policy';

const policy: FailurePolicy = {
  notYetAvailableDelaysMs: [30_000, 120_000],
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  maxDeliveries: 5,
  maxInlineWaitMs: 10_000,
  maxInlineTries: 3,
};
const fixed = (): number => 0.5;

describe(decideOnFailure.name, () => {
  it.each([
    [
      '404 on the first delivery goes to the retry topic',
      new NotYetAvailableError('404'),
      { attempt: 1, inlineTries: 1 },
      { kind: 'retry-later', afterMs: 30_000, reason: 'not-yet-available' },
    ],
    [
      '404 after the schedule is used up is dead-lettered',
      new NotYetAvailableError('404'),
      { attempt: 3, inlineTries: 1 },
      { kind: 'dead-letter', reason: 'not-yet-available', detail: 'still 404 after 3 deliveries' },
    ],
    [
      'a short Retry-After is waited for in the handler',
      new RetryableError('429', { retryAfterMs: 2_000 }),
      { attempt: 1, inlineTries: 1 },
      { kind: 'wait-inline', waitMs: 2_000, reason: 'throttled' },
    ],
    [
      'a long Retry-After goes to the retry topic with that delay',
      new RetryableError('429', { retryAfterMs: 45_000 }),
      { attempt: 1, inlineTries: 1 },
      { kind: 'retry-later', afterMs: 45_000, reason: 'throttled' },
    ],
    [
      'a 5xx without Retry-After backs off in the handler first',
      new RetryableError('500'),
      { attempt: 1, inlineTries: 1 },
      { kind: 'wait-inline', waitMs: 750, reason: 'unavailable' },
    ],
    [
      'a 5xx after the inline tries goes to the retry topic with backoff',
      new RetryableError('500'),
      { attempt: 1, inlineTries: 3 },
      { kind: 'retry-later', afterMs: 1_500, reason: 'unavailable' },
    ],
    [
      'a 5xx on the last delivery is dead-lettered',
      new RetryableError('500'),
      { attempt: 5, inlineTries: 3 },
      { kind: 'dead-letter', reason: 'unavailable', detail: 'still failing after 5 deliveries' },
    ],
    [
      'a permanent error is dead-lettered at once',
      new PermanentError('Graph 403: Forbidden'),
      { attempt: 1, inlineTries: 1 },
      { kind: 'dead-letter', reason: 'permanent', detail: 'Graph 403: Forbidden' },
    ],
    [
      'a tenant that withdrew access is dead-lettered',
      new TenantAccessError('consent withdrawn'),
      { attempt: 1, inlineTries: 1 },
      { kind: 'dead-letter', reason: 'tenant-access', detail: 'consent withdrawn' },
    ],
  ])('%s', (...[, error, context, expected]) => {
    expect(decideOnFailure(error, { ...context, random: fixed }, policy)).toEqual(expected);
  });
});
