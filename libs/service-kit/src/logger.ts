import pino from 'pino';
import type { DestinationStream, Logger, LevelWithSilent } from 'pino';

/**
 * Fields that may carry personal data or secrets. Logs carry ids, never these; the redact list is
 * the net for a mistake (STYLE.md 2.10).
 */
export const REDACTED_FIELDS: readonly string[] = [
  'userPrincipalName',
  'displayName',
  'upn',
  'email',
  'mail',
  'phone',
  'phoneNumber',
  'callerNumber',
  'calleeNumber',
  'ipAddress',
  'subnet',
  'macAddress',
  'clientState',
  'authorization',
  'Authorization',
  'accessToken',
  'access_token',
  'clientSecret',
  'client_secret',
  'client_assertion',
  'password',
  'secret',
  'token',
];

// pino's redaction has one-level wildcards only: cover the depths our log objects use.
export function redactPaths(fields: readonly string[] = REDACTED_FIELDS): string[] {
  return fields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]);
}

export interface LoggerOptions {
  readonly service: string;
  readonly version: string;
  readonly level?: LevelWithSilent;
  /** Where JSON lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

/** A pino logger writing JSON lines with `service` and `version` on each, personal fields redacted. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, version: options.version },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A child logger bound to one correlation id, so every line of one event's journey can be found. */
export function withCorrelation(logger: Logger, correlationId: string): Logger {
  return logger.child({ correlationId });
}

export type { Logger } from 'pino';
