import { errors } from '@opensearch-project/opensearch';

import { isClassifiedError, PermanentError, RetryableError } from '@callrecords/contracts';
import type { ClassifiedError } from '@callrecords/contracts';

// Error types OpenSearch reports when it is overloaded or briefly without a shard: try again later.
const RETRYABLE_TYPES = new Set([
  'es_rejected_execution_exception',
  'opensearch_rejected_execution_exception',
  'rejected_execution_exception',
  'circuit_breaking_exception',
  'unavailable_shards_exception',
  'no_shard_available_action_exception',
  'process_cluster_event_timeout_exception',
  'cluster_block_exception',
]);

/** Whether an OpenSearch error type (`error.type` in a response) means "try again later". */
export function isRetryableErrorType(type: string | undefined): boolean {
  return type !== undefined && RETRYABLE_TYPES.has(type);
}

/**
 * Maps an OpenSearch client error to our vocabulary: network faults, timeouts, 408, 429 and 5xx become
 * RetryableError (with Retry-After), other 4xx and client misuse PermanentError. Errors already
 * classified pass through; anything else (a bug) gives undefined.
 */
export function toClassifiedError(error: unknown): ClassifiedError | undefined {
  if (isClassifiedError(error)) {
    return error;
  }
  if (error instanceof errors.ResponseError) {
    return fromResponseError(error);
  }
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.NoLivingConnectionsError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.RequestAbortedError ||
    error instanceof errors.DeserializationError
  ) {
    return new RetryableError(`opensearch unreachable (${error.name})`, { cause: error });
  }
  if (
    error instanceof errors.SerializationError ||
    error instanceof errors.ConfigurationError ||
    error instanceof errors.NotCompatibleError
  ) {
    return new PermanentError(`opensearch client refused the request (${error.name})`, {
      cause: error,
    });
  }
  return undefined;
}

/** Throws the classified form of `error`, or `error` itself when it is not an OpenSearch error. */
export function throwClassified(error: unknown): never {
  throw toClassifiedError(error) ?? error;
}

/** For GETs where 404 means "not there yet": undefined; anything else is classified and thrown. */
export function undefinedWhenNotFound(error: unknown): undefined {
  if (error instanceof errors.ResponseError && error.statusCode === 404) {
    return undefined;
  }
  return throwClassified(error);
}

function fromResponseError(error: errors.ResponseError): ClassifiedError {
  const status = error.statusCode;
  const type = errorTypeOf(error.body);
  // Status and type only: the reason text may quote document values (kept in `cause` for the logs).
  const message = `opensearch answered ${status}${type ? ` ${type}` : ''}`;
  if (status === 408 || status === 429 || status >= 500 || isRetryableErrorType(type)) {
    const retryAfterMs = retryAfterMsOf(error.headers);
    return new RetryableError(message, {
      cause: error,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new PermanentError(message, { cause: error });
}

/** `error.type` of an OpenSearch error body, or undefined (some answers carry a plain string). */
export function errorTypeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) {
    return undefined;
  }
  const inner: unknown = body.error;
  if (typeof inner === 'object' && inner !== null && 'type' in inner) {
    return typeof inner.type === 'string' ? inner.type : undefined;
  }
  return undefined;
}

// Retry-After in seconds (the HTTP-date form would need a clock; callers back off themselves then).
function retryAfterMsOf(headers: Record<string, unknown> | undefined): number | undefined {
  const value = headers?.['retry-after'];
  const seconds = typeof value === 'string' || typeof value === 'number' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}
