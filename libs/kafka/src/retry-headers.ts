// Headers the consumer runner puts on a message it sends to a retry topic, and reads back when the
// message returns: where it came from, which attempt comes next, and not before when.
export const RETRY_HEADERS = {
  attempt: 'x-callrecords-attempt',
  notBefore: 'x-callrecords-not-before',
  originalTopic: 'x-callrecords-original-topic',
  originalPartition: 'x-callrecords-original-partition',
  originalOffset: 'x-callrecords-original-offset',
  reason: 'x-callrecords-retry-reason',
} as const;

export interface RetryOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface DeliveryInfo {
  /** 1 on the first delivery, 2 on the first retry, … */
  readonly attempt: number;
  /** Epoch ms before which a retried message must not be handled; 0 when not a retry. */
  readonly notBefore: number;
  /** The topic/partition/offset where the message first arrived. */
  readonly origin: RetryOrigin;
}

/** Reads delivery info from a consumed message's headers; a message without them is a first delivery. */
export function readDeliveryInfo(
  headers: Readonly<Record<string, string>>,
  consumedAt: RetryOrigin,
): DeliveryInfo {
  const attempt = Number(headers[RETRY_HEADERS.attempt] ?? '1');
  const originalTopic = headers[RETRY_HEADERS.originalTopic];
  return {
    attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1,
    notBefore: Number(headers[RETRY_HEADERS.notBefore] ?? '0') || 0,
    origin: originalTopic
      ? {
          topic: originalTopic,
          partition: Number(headers[RETRY_HEADERS.originalPartition] ?? '0'),
          offset: headers[RETRY_HEADERS.originalOffset] ?? '0',
        }
      : consumedAt,
  };
}

/** Headers for sending a message to the retry topic: the original headers plus the next attempt's. */
export function retryHeaders(
  original: Readonly<Record<string, string>>,
  delivery: DeliveryInfo,
  retry: { readonly notBefore: number; readonly reason: string },
): Record<string, string> {
  return {
    ...original,
    [RETRY_HEADERS.attempt]: String(delivery.attempt + 1),
    [RETRY_HEADERS.notBefore]: String(Math.round(retry.notBefore)),
    [RETRY_HEADERS.originalTopic]: delivery.origin.topic,
    [RETRY_HEADERS.originalPartition]: String(delivery.origin.partition),
    [RETRY_HEADERS.originalOffset]: delivery.origin.offset,
    // Reasons are our own short texts (error classes, status codes), never payload data.
    [RETRY_HEADERS.reason]: retry.reason.slice(0, 200),
  };
}

/** How many of a retry partition's messages (in offset order) are due now; the rest wait. */
export function countDue(notBefores: readonly number[], now: number): number {
  const firstLater = notBefores.findIndex((notBefore) => notBefore > now);
  return firstLater === -1 ? notBefores.length : firstLater;
}
