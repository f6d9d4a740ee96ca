import { describe, expect, it } from '@jest/globals';
import { errors } from '@opensearch-project/opensearch';
import type { ApiResponse } from '@opensearch-project/opensearch';

import { NotYetAvailableError, PermanentError, RetryableError } from '@callrecords/contracts';

import { errorTypeOf, toClassifiedError, undefinedWhenNotFound } from './errors';

function meta(statusCode: number | null, body: unknown, headers: Record<string, string> = {}) {
  return { statusCode, body, headers, warnings: null, meta: {} } as unknown as ApiResponse;
}

function responseError(
  statusCode: number,
  body: unknown,
  headers?: Record<string, string>,
): errors.ResponseError {
  return new errors.ResponseError(meta(statusCode, body, headers));
}

const rejected = {
  error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of bulk' },
  status: 429,
};

describe(toClassifiedError.name, () => {
  it.each([
    ['429 with Retry-After', responseError(429, rejected, { 'retry-after': '2' }), 2_000],
    [
      '429 with a fractional Retry-After',
      responseError(429, rejected, { 'retry-after': '0.5' }),
      500,
    ],
    ['429 without Retry-After', responseError(429, rejected), undefined],
    [
      '503 unavailable',
      responseError(503, { error: { type: 'unavailable_shards_exception' } }),
      undefined,
    ],
    ['500 internal', responseError(500, { error: { type: 'exception' } }), undefined],
    ['502 from a proxy, plain text', responseError(502, 'Bad Gateway'), undefined],
    ['408 request timeout', responseError(408, {}), undefined],
    [
      '403 flood-stage block',
      responseError(403, { error: { type: 'cluster_block_exception' } }),
      undefined,
    ],
    [
      'a Retry-After HTTP date (ignored)',
      responseError(503, {}, { 'retry-after': 'Wed, 21 Oct 2015' }),
      undefined,
    ],
  ])('makes %s retryable', (_name, error, retryAfterMs) => {
    const classified = toClassifiedError(error);

    expect(classified).toBeInstanceOf(RetryableError);
    expect((classified as RetryableError).retryAfterMs).toBe(retryAfterMs);
    expect(classified?.cause).toBe(error);
  });

  it.each([
    ['400 parse error', responseError(400, { error: { type: 'parse_exception', reason: 'x' } })],
    ['401 unauthorized', responseError(401, { error: { type: 'security_exception' } })],
    ['403 forbidden', responseError(403, { error: { type: 'security_exception' } })],
    ['404 no such index', responseError(404, { error: { type: 'index_not_found_exception' } })],
    ['413 too large', responseError(413, '')],
  ])('makes %s permanent', (_name, error) => {
    const classified = toClassifiedError(error);

    expect(classified).toBeInstanceOf(PermanentError);
  });

  it('names status and type but never the reason, which may quote document values', () => {
    const error = responseError(400, {
      error: { type: 'mapper_parsing_exception', reason: "Preview of field's value: 'Alice'" },
    });

    const classified = toClassifiedError(error);

    expect(classified?.message).toBe('opensearch answered 400 mapper_parsing_exception');
  });

  it.each([
    [
      'ConnectionError',
      new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9', meta(null, null)),
    ],
    ['TimeoutError', new errors.TimeoutError('Request timed out', meta(null, null))],
    ['NoLivingConnectionsError', new errors.NoLivingConnectionsError('none', meta(null, null))],
    ['RequestAbortedError', new errors.RequestAbortedError('aborted', meta(null, null))],
    ['DeserializationError', new errors.DeserializationError('bad json', '<html>')],
  ])('makes a %s retryable', (_name, error) => {
    const classified = toClassifiedError(error);

    expect(classified).toBeInstanceOf(RetryableError);
    expect(classified?.message).toContain(error.name);
  });

  it.each([
    ['SerializationError', new errors.SerializationError('circular', {})],
    ['ConfigurationError', new errors.ConfigurationError('bad node')],
  ])('makes a %s permanent', (_name, error) => {
    const classified = toClassifiedError(error);

    expect(classified).toBeInstanceOf(PermanentError);
  });

  it('passes an error that is already classified through', () => {
    const error = new NotYetAvailableError('later');

    const classified = toClassifiedError(error);

    expect(classified).toBe(error);
  });

  it.each([new TypeError('bug'), 'a string', undefined])('leaves %p unclassified', (error) => {
    const classified = toClassifiedError(error);

    expect(classified).toBeUndefined();
  });
});

describe(errorTypeOf.name, () => {
  it.each([
    [{ error: { type: 'x_exception' } }, 'x_exception'],
    [{ error: 'no handler found for uri' }, undefined],
    ['Bad Gateway', undefined],
    [null, undefined],
    [{ error: { reason: 'no type' } }, undefined],
  ])('reads %j as %s', (body, expected) => {
    const type = errorTypeOf(body);

    expect(type).toBe(expected);
  });
});

describe(undefinedWhenNotFound.name, () => {
  it('turns a 404 into undefined', () => {
    const result = undefinedWhenNotFound(responseError(404, { error: { type: 'x' } }));

    expect(result).toBeUndefined();
  });

  it.each([
    ['a 400', responseError(400, {}), PermanentError],
    ['a 503', responseError(503, {}), RetryableError],
  ])('throws %s classified', (_name, error, type) => {
    const map = () => undefinedWhenNotFound(error);

    expect(map).toThrow(type);
  });
});
