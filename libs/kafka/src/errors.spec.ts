import { describe, expect, it } from '@jest/globals';
import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';

import { PermanentError, RetryableError } from '@callrecords/contracts';

import { toClassifiedError } from './errors';

// kafkajs builds protocol errors from the broker's error entry (type, code, retriable).
function protocolError(type: string, code: number, retriable: boolean): KafkaJSProtocolError {
  return new KafkaJSProtocolError(Object.assign(new Error(type), { type, code, retriable }));
}

describe(toClassifiedError.name, () => {
  it('treats an oversized message as permanent', () => {
    const error = protocolError('MESSAGE_TOO_LARGE', 10, false);

    expect(toClassifiedError(error)).toBeInstanceOf(PermanentError);
  });

  it.each([
    ['a refused connection', new KafkaJSConnectionError('ECONNREFUSED')],
    [
      'exhausted client retries',
      new KafkaJSNumberOfRetriesExceeded(new Error('leader not available'), {
        retryCount: 5,
        retryTime: 100,
      }),
    ],
    ['a leader election', protocolError('NOT_LEADER_OR_FOLLOWER', 6, true)],
    ['anything else', new Error('boom')],
  ])('treats %s as retryable', (_name, error) => {
    expect(toClassifiedError(error)).toBeInstanceOf(RetryableError);
  });
});
