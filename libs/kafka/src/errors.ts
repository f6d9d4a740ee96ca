import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';

import { PermanentError, RetryableError } from '@callrecords/contracts';

// Protocol errors that no retry fixes: the message or request itself is wrong.
const PERMANENT_PROTOCOL_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'INVALID_RECORD',
  'CORRUPT_MESSAGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'UNSUPPORTED_COMPRESSION_TYPE',
]);

/**
 * Maps a kafkajs failure to our vocabulary. A broker that is down, slow or electing a leader is
 * retryable (kafkajs already retried with backoff); an oversized or forbidden message is permanent.
 */
export function toClassifiedError(error: unknown): RetryableError | PermanentError {
  if (error instanceof KafkaJSProtocolError && PERMANENT_PROTOCOL_ERRORS.has(error.type)) {
    return new PermanentError(`Kafka rejected the request: ${error.type}`, { cause: error });
  }
  if (error instanceof KafkaJSNumberOfRetriesExceeded) {
    return new RetryableError(`Kafka unavailable after retries: ${error.message}`, {
      cause: error,
    });
  }
  // Everything else (connection refused, leader election, timeouts, even authentication while a secret
  // rotates) may heal: the caller retries with backoff and readiness reports the outage.
  return new RetryableError(`Kafka: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}
