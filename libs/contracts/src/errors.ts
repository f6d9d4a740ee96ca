// Our small error vocabulary (STYLE.md §2.6, §2.11). It lives in contracts because domain code may
// depend on nothing else; adapters map vendor errors to it, and each shell maps it once, with an
// exhaustive switch on `kind`, to consumer outcomes, HTTP statuses or GraphQL codes.

interface ErrorOptions {
  readonly cause?: unknown;
}

/** Worth another try later: throttling (429/503 + Retry-After), network errors, a broker away. */
export class RetryableError extends Error {
  readonly kind = 'retryable';
  /**
   * How long to wait, when the remote said so (Retry-After); otherwise the caller's backoff
   * decides.
   */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ErrorOptions & { readonly retryAfterMs?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RetryableError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** No retry can fix it: a 400/403, a malformed payload, a message too large. Dead-letter it. */
export class PermanentError extends Error {
  readonly kind = 'permanent';

  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'PermanentError';
  }
}

/**
 * A 404 for a call record that was just notified: Graph may notify before the record is readable,
 * up to about 60 minutes after the call ends (libs/contracts/graph-reference/FACTS.md §1, fact 12).
 * Retry on a slower schedule.
 */
export class NotYetAvailableError extends Error {
  readonly kind = 'not-yet-available';
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: ErrorOptions & { readonly retryAfterMs?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = 'NotYetAvailableError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * The tenant withdrew consent or our app lost its permission (401/403 on every call of a tenant).
 */
export class TenantAccessError extends Error {
  readonly kind = 'tenant-access';
  readonly tenantId: string | undefined;

  constructor(message: string, options: ErrorOptions & { readonly tenantId?: string } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TenantAccessError';
    this.tenantId = options.tenantId;
  }
}

/** Every error of our vocabulary; switch on `kind`. */
export type ClassifiedError =
  RetryableError | PermanentError | NotYetAvailableError | TenantAccessError;

/** Whether `error` is one of ours (as opposed to a bug or an unmapped vendor error). */
export function isClassifiedError(error: unknown): error is ClassifiedError {
  return (
    error instanceof RetryableError ||
    error instanceof PermanentError ||
    error instanceof NotYetAvailableError ||
    error instanceof TenantAccessError
  );
}
