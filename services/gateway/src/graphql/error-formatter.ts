import { GraphQLError } from 'graphql';
import type { ExecutionResult, FormattedExecutionResult } from 'graphql';

import { isClassifiedError } from '@callrecords/contracts';
import type { Counter, Logger } from '@callrecords/service-kit';

import { responseStatus, toPublicError } from '../domain/error-codes';
import type { ErrorSource, PublicError } from '../domain/error-codes';

interface FlaggedError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly errors?: unknown;
}

/**
 * Mercurius' errorFormatter: every error becomes `{message, path, extensions: {code}}` with a stable
 * code and a safe message (no stack, no OpenSearch detail); unexpected errors are logged here, once.
 */
export function createErrorFormatter(logger: Logger, errorsByCode: Counter<'code'>) {
  return (
    execution: ExecutionResult & Required<Pick<ExecutionResult, 'errors'>>,
  ): { statusCode: number; response: FormattedExecutionResult } => {
    const errors = execution.errors.flatMap(expandValidationErrors);
    const published = errors.map((error) => {
      const publicError = toPublicError(sourceOf(error));
      logFailure(logger, error, publicError);
      errorsByCode.inc({ code: publicError.code });
      return { error, publicError };
    });
    const data = execution.data ?? null;
    const hasData = data !== null && Object.values(data).some((value) => value !== null);
    return {
      statusCode: responseStatus(
        published.map((p) => p.publicError),
        hasData,
      ),
      response: {
        data,
        errors: published.map(({ error, publicError }) => format(error, publicError)),
      },
    };
  };
}

// Classified errors are logged by message only (status and type, never the vendor's cause, which
// may quote query values); unexpected ones with their stack, which is where the bug is.
function logFailure(logger: Logger, error: GraphQLError, publicError: PublicError): void {
  const original = error.originalError;
  if (publicError.code === 'SERVICE_UNAVAILABLE') {
    logger.warn({ reason: original?.message, path: error.path }, 'operation unavailable');
  } else if (publicError.code === 'INTERNAL_SERVER_ERROR') {
    const err = isClassifiedError(original) ? { message: original.message } : (original ?? error);
    logger.error({ err, path: error.path }, 'operation failed');
  }
}

// Mercurius reports validation failures as one error holding the list.
function expandValidationErrors(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as FlaggedError | undefined)?.errors;
  if (!Array.isArray(inner)) {
    return [error];
  }
  return inner.map((item: unknown) =>
    item instanceof GraphQLError
      ? item
      : new GraphQLError(item instanceof Error ? item.message : String(item), {
          originalError: item instanceof Error ? item : undefined,
        }),
  );
}

function sourceOf(error: GraphQLError): ErrorSource {
  const original: (Error & FlaggedError) | undefined = error.originalError;
  if (original === undefined || original instanceof GraphQLError) {
    return { kind: 'graphql', message: error.message };
  }
  const isRequestError =
    typeof original.code === 'string' &&
    /^(FST_|MER_ERR_GQL_(VALIDATION|PERSISTED|METHOD))|^MER_ERR_(METHOD|INVALID)/.test(
      original.code,
    ) &&
    typeof original.statusCode === 'number' &&
    original.statusCode < 500;
  if (isRequestError) {
    return { kind: 'request', message: error.message };
  }
  return { kind: 'thrown', error: original };
}

function format(
  error: GraphQLError,
  publicError: PublicError,
): FormattedExecutionResult['errors'] extends readonly (infer E)[] | undefined ? E : never {
  return {
    message: publicError.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: publicError.code },
  };
}
