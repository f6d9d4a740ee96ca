import { GraphError } from '@microsoft/microsoft-graph-client';

import { NotYetAvailableError, PermanentError, RetryableError } from '@callrecords/contracts';
import type { ClassifiedError } from '@callrecords/contracts';

// Graph and Entra failures in our vocabulary (STYLE.md 2.6): 429/5xx/network → retry (with
// Retry-After), 400/401/403 → permanent, 404 → not yet available (Graph may notify before the
// record is readable, libs/contracts/graph-reference/FACTS.md 12).

/** `Retry-After` in seconds (Graph sends fractions, e.g. 2.128) or as an HTTP date. */
export function parseRetryAfterMs(
  value: string | null | undefined,
  now: number,
): number | undefined {
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) {
    return Math.ceil(seconds * 1000);
  }
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface FailureDetails {
  readonly status: number;
  readonly message: string;
  readonly retryAfterMs: number | undefined;
  readonly cause?: unknown;
}

/** Maps an HTTP status (or -1/0 for "no response") to our error vocabulary. */
export function classifyGraphFailure(details: FailureDetails): ClassifiedError {
  const { status, retryAfterMs, cause } = details;
  const message = `Graph ${status > 0 ? status : 'request failed'}: ${details.message}`;
  if (status === 404) {
    return new NotYetAvailableError(message, { cause, retryAfterMs });
  }
  if (status <= 0 || status === 408 || status === 429 || (status >= 500 && status !== 501)) {
    return new RetryableError(message, { cause, retryAfterMs });
  }
  return new PermanentError(message, { cause });
}

/** Classifies whatever the Graph SDK (or our transport under it) threw. */
export function toClassifiedGraphError(error: unknown, now: number): ClassifiedError {
  if (error instanceof GraphError) {
    return classifyGraphFailure({
      status: error.statusCode,
      message: error.code ? `${error.code}: ${error.message}` : error.message,
      retryAfterMs: parseRetryAfterMs(error.headers?.get('retry-after'), now),
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return classifyGraphFailure({ status: 0, message, retryAfterMs: undefined, cause: error });
}
