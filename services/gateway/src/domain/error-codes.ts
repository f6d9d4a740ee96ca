import { NotYetAvailableError, RetryableError, TenantAccessError } from '@callrecords/contracts';

import { GatewayError } from './gateway.errors';
import type { GatewayFailureKind } from './gateway.errors';

/** The stable `extensions.code` values of the API; clients switch on these, never on messages. */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'LIMIT_EXCEEDED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export interface PublicError {
  readonly code: ErrorCode;
  /** Safe for callers: no stack, no OpenSearch reason, no document values. */
  readonly message: string;
  /** What the whole response gets when this is its only kind of error. */
  readonly httpStatus: number;
}

/** Something a GraphQL execution reported: an error we threw, a vendor error, or graphql-js's own. */
export type ErrorSource =
  | { readonly kind: 'thrown'; readonly error: unknown }
  | { readonly kind: 'graphql'; readonly message: string }
  | { readonly kind: 'request'; readonly message: string };

/** Maps every failure to its public form, in one exhaustive place (STYLE.md 2.11). */
export function toPublicError(source: ErrorSource): PublicError {
  switch (source.kind) {
    case 'graphql':
      // graphql-js validation and parse errors name fields of our own schema: safe to show.
      return { code: 'GRAPHQL_VALIDATION_FAILED', message: source.message, httpStatus: 400 };
    case 'request':
      return { code: 'BAD_REQUEST', message: source.message, httpStatus: 400 };
    case 'thrown':
      return fromThrown(source.error);
    default:
      return assertNever(source);
  }
}

function fromThrown(error: unknown): PublicError {
  if (error instanceof GatewayError) {
    return fromGatewayKind(error.kind, error.message);
  }
  if (error instanceof TenantAccessError) {
    return { code: 'FORBIDDEN', message: 'not allowed for this tenant', httpStatus: 403 };
  }
  if (error instanceof RetryableError || error instanceof NotYetAvailableError) {
    return {
      code: 'SERVICE_UNAVAILABLE',
      message: 'the search store is unavailable, try again later',
      httpStatus: 503,
    };
  }
  // A PermanentError from OpenSearch is a query we built wrong: our bug, not the caller's.
  return { code: 'INTERNAL_SERVER_ERROR', message: 'internal error', httpStatus: 500 };
}

function fromGatewayKind(kind: GatewayFailureKind, message: string): PublicError {
  switch (kind) {
    case 'unauthenticated':
      return { code: 'UNAUTHENTICATED', message, httpStatus: 401 };
    case 'forbidden':
      return { code: 'FORBIDDEN', message, httpStatus: 403 };
    case 'badInput':
      return { code: 'BAD_USER_INPUT', message, httpStatus: 400 };
    case 'notFound':
      return { code: 'NOT_FOUND', message, httpStatus: 200 };
    case 'limitExceeded':
      return { code: 'LIMIT_EXCEEDED', message, httpStatus: 400 };
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled error kind ${String(value)}`);
}

/**
 * The status of a response: 200 when some data came back; otherwise the status of the first error
 * (401 before 403 before the rest, so an anonymous caller learns it must sign in first).
 */
export function responseStatus(errors: readonly PublicError[], hasData: boolean): number {
  if (errors.length === 0 || hasData) {
    return 200;
  }
  const order: readonly ErrorCode[] = ['UNAUTHENTICATED', 'FORBIDDEN'];
  const ranked = [...errors].sort((a, b) => rank(order, a.code) - rank(order, b.code));
  return ranked[0]?.httpStatus ?? 500;
}

function rank(order: readonly ErrorCode[], code: ErrorCode): number {
  const index = order.indexOf(code);
  return index === -1 ? order.length : index;
}
