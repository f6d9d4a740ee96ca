import { PermanentError } from './errors';

/** Why a Kafka value could not become an event. Bounded: safe as a metric label. */
export type EventDecodeReason =
  | 'empty-value'
  | 'unsupported-content-type'
  | 'invalid-json'
  | 'missing-type'
  | 'header-mismatch'
  | 'unknown-event'
  | 'schema-mismatch';

interface EventErrorDetails {
  readonly eventType?: string;
  readonly eventVersion?: number;
  /** `path: message` per zod issue; never the offending values (they may be personal data). */
  readonly issues?: readonly string[];
}

/** A message value that is not a valid event of the expected types: dead-letter it, never retry. */
export class EventDecodeError extends PermanentError {
  readonly reason: EventDecodeReason;
  readonly eventType: string | undefined;
  readonly eventVersion: number | undefined;
  readonly issues: readonly string[];

  constructor(reason: EventDecodeReason, message: string, details: EventErrorDetails = {}) {
    super(`cannot decode event (${reason}): ${message}`);
    this.name = 'EventDecodeError';
    this.reason = reason;
    this.eventType = details.eventType;
    this.eventVersion = details.eventVersion;
    this.issues = details.issues ?? [];
  }
}

/** A producer built an event its own contract rejects: a bug, so retrying cannot help. */
export class EventEncodeError extends PermanentError {
  readonly eventType: string;
  readonly eventVersion: number;
  readonly issues: readonly string[];

  constructor(eventType: string, eventVersion: number, issues: readonly string[]) {
    super(`invalid ${eventType} v${eventVersion}: ${issues.join('; ')}`);
    this.name = 'EventEncodeError';
    this.eventType = eventType;
    this.eventVersion = eventVersion;
    this.issues = issues;
  }
}
