import pino from 'pino';
import type { DestinationStream, Logger, LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

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

/** `json` for machines (containers, pipes), `pretty` for people at a terminal. */
export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  readonly service: string;
  readonly version: string;
  readonly level?: LevelWithSilent;
  /** `json` unless told otherwise; see `logFormatOf`. */
  readonly format?: LogFormat;
  /** Where lines go; stdout by default. Tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

/**
 * The format a process logs in: `LOG_FORMAT` (`json` or `pretty`) when set, else `pretty` on a
 * terminal and `json` anywhere else, so containers keep JSON. Throws on any other value.
 */
export function logFormatOf(logFormat: string | undefined, isTerminal: boolean): LogFormat {
  if (logFormat === undefined || logFormat === '') {
    return isTerminal ? 'pretty' : 'json';
  }
  if (logFormat === 'json' || logFormat === 'pretty') {
    return logFormat;
  }
  throw new Error(`LOG_FORMAT: expected "json" or "pretty", got "${logFormat}"`);
}

/** pino-pretty's settings for one readable line per entry (also used by `npm start`). */
export const PRETTY_OPTIONS = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,service,version',
  singleLine: true,
} as const;

/** A pino logger with `service` and `version` on each line, personal fields redacted. */
export function createLogger(options: LoggerOptions): Logger {
  const destination =
    options.format === 'pretty'
      ? pretty({ ...PRETTY_OPTIONS, sync: true, destination: options.destination ?? 1 })
      : (options.destination ?? pino.destination({ dest: 1, sync: false }));
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service, version: options.version },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // pino-pretty reads numeric levels; JSON lines carry the label.
      formatters: options.format === 'pretty' ? {} : { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A child logger bound to one correlation id, so every line of one event's journey can be found. */
export function withCorrelation(logger: Logger, correlationId: string): Logger {
  return logger.child({ correlationId });
}

export type { Logger } from 'pino';
