import { describe, expect, it } from '@jest/globals';

import {
  isClassifiedError,
  NotYetAvailableError,
  PermanentError,
  RetryableError,
  TenantAccessError,
} from './errors';

describe(isClassifiedError.name, () => {
  it.each([
    [new RetryableError('429', { retryAfterMs: 2128 }), 'retryable'],
    [new PermanentError('400'), 'permanent'],
    [new NotYetAvailableError('404'), 'not-yet-available'],
    [new TenantAccessError('403', { tenantId: 't' }), 'tenant-access'],
  ])('recognises %s by its kind', (error, kind) => {
    expect([isClassifiedError(error), error.kind]).toEqual([true, kind]);
  });

  it('does not claim plain errors', () => {
    expect(isClassifiedError(new Error('boom'))).toBe(false);
  });
});

describe('RetryableError', () => {
  it('keeps the wait the remote asked for and the cause', () => {
    const cause = new Error('socket hang up');

    const error = new RetryableError('graph throttled', { retryAfterMs: 2128, cause });

    expect([error.retryAfterMs, error.cause, error.name]).toEqual([2128, cause, 'RetryableError']);
  });
});
