import { describe, expect, it } from '@jest/globals';

import { NotYetAvailableError, PermanentError, RetryableError } from '@callrecords/contracts';

import { classifyGraphFailure, parseRetryAfterMs } from './graph.errors';

describe(parseRetryAfterMs.name, () => {
  it.each([
    ['2', 2000],
    ['2.128', 2128],
    ['Wed, 01 May 2024 10:00:05 GMT', 5000],
    [undefined, undefined],
    ['soon', undefined],
  ])('reads %p as %p ms', (value, expected) => {
    expect(parseRetryAfterMs(value, Date.parse('Wed, 01 May 2024 10:00:00 GMT'))).toBe(expected);
  });
});

describe(classifyGraphFailure.name, () => {
  it.each([
    [429, RetryableError],
    [503, RetryableError],
    [504, RetryableError],
    [0, RetryableError],
    [400, PermanentError],
    [401, PermanentError],
    [403, PermanentError],
    [404, NotYetAvailableError],
  ])('maps %p to %p', (status, expected) => {
    expect(classifyGraphFailure({ status, message: 'm', retryAfterMs: undefined })).toBeInstanceOf(
      expected,
    );
  });

  it('keeps Retry-After on a retryable failure', () => {
    const error = classifyGraphFailure({ status: 429, message: 'm', retryAfterMs: 1500 });

    expect((error as RetryableError).retryAfterMs).toBe(1500);
  });
});
