import { PermanentError, RetryableError, TenantAccessError } from '@callrecords/contracts';

import { responseStatus, toPublicError } from './error-codes';
import {
  badInput,
  forbidden,
  GatewayError,
  limitExceeded,
  unauthenticated,
} from './gateway.errors';

describe(toPublicError.name, () => {
  it.each([
    [unauthenticated(), 'UNAUTHENTICATED', 401],
    [forbidden('no'), 'FORBIDDEN', 403],
    [badInput('bad'), 'BAD_USER_INPUT', 400],
    [new GatewayError('notFound', 'gone'), 'NOT_FOUND', 200],
    [limitExceeded('too much'), 'LIMIT_EXCEEDED', 400],
    [new TenantAccessError('other tenant'), 'FORBIDDEN', 403],
    [new RetryableError('opensearch answered 503'), 'SERVICE_UNAVAILABLE', 503],
    [new PermanentError('opensearch answered 400 parsing_exception'), 'INTERNAL_SERVER_ERROR', 500],
    [
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      'INTERNAL_SERVER_ERROR',
      500,
    ],
  ])('maps %s to %s', (error, code, status) => {
    expect(toPublicError({ kind: 'thrown', error })).toMatchObject({ code, httpStatus: status });
  });

  it('never shows the message of an unexpected error or of an OpenSearch failure', () => {
    const messages = [
      new TypeError('secret internals at /srv/app.js:1'),
      new PermanentError('opensearch answered 400 search_phase_execution_exception'),
    ].map((error) => toPublicError({ kind: 'thrown', error }).message);

    expect(messages).toEqual(['internal error', 'internal error']);
  });

  it.each([
    [{ kind: 'graphql', message: 'Cannot query field "x"' } as const, 'GRAPHQL_VALIDATION_FAILED'],
    [{ kind: 'request', message: 'body is not JSON' } as const, 'BAD_REQUEST'],
  ])('maps a %j report to %s', (source, code) => {
    expect(toPublicError(source).code).toBe(code);
  });
});

describe(responseStatus.name, () => {
  const error = (code: string, httpStatus: number) =>
    ({ code, httpStatus, message: '' }) as Parameters<typeof responseStatus>[0][number];

  it('answers 200 when any data came back', () => {
    expect(responseStatus([error('FORBIDDEN', 403)], true)).toBe(200);
  });

  it('puts 401 before 403 before the others', () => {
    expect(
      responseStatus(
        [error('BAD_USER_INPUT', 400), error('FORBIDDEN', 403), error('UNAUTHENTICATED', 401)],
        false,
      ),
    ).toBe(401);
  });

  it('answers 200 without errors', () => {
    expect(responseStatus([], false)).toBe(200);
  });
});
