import { describe, expect, it } from '@jest/globals';
import { logLevel } from 'kafkajs';

import { mapKafkaLogEntry } from './kafkajs-log';

const CONCURRENT =
  'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';

// Entries as kafkajs 2.2.4 writes them during a healthy start (copied from a pipeline run's log).
describe(mapKafkaLogEntry.name, () => {
  it.each([
    [
      'a broker error answer on a connection (topic not created yet)',
      {
        namespace: 'Connection',
        log: {
          message: 'Response Metadata(key: 3, version: 6)',
          error: 'This server does not host this topic-partition',
        },
      },
      'debug',
      'Response Metadata(key: 3, version: 6): broker answered with an error; the caller retries or reports it',
    ],
    [
      'a send kafkajs retries',
      {
        namespace: 'Producer',
        log: {
          message: 'Failed to send messages: Connection timeout',
          retryCount: 0,
          retryTime: 50,
        },
      },
      'warn',
      'Failed to send messages: Connection timeout; retry 1 in 50 ms',
    ],
    [
      'the first retries of a transaction colliding with the previous one (CONCURRENT_TRANSACTIONS)',
      {
        namespace: 'Producer',
        log: {
          message: `Failed to send messages: ${CONCURRENT}`,
          retryCount: 2,
          retryTime: 100,
        },
      },
      'debug',
      `Failed to send messages: ${CONCURRENT}; retry 3 in 100 ms`,
    ],
    [
      'a transaction that keeps colliding (a fourth retry of CONCURRENT_TRANSACTIONS)',
      {
        namespace: 'Producer',
        log: {
          message: `Failed to send messages: ${CONCURRENT}`,
          retryCount: 3,
          retryTime: 200,
        },
      },
      'warn',
      `Failed to send messages: ${CONCURRENT}; retry 4 in 200 ms`,
    ],
    [
      'a consumer restart kafkajs schedules',
      {
        namespace: 'Consumer',
        log: { message: 'Restarting the consumer in 300ms', retryCount: 2, retryTime: 300 },
      },
      'warn',
      'Restarting the consumer in 300ms; retry 3 in 300 ms',
    ],
    [
      'a group kafkajs re-joins',
      {
        namespace: 'Runner',
        log: { message: 'The coordinator is not aware of this member, re-joining the group' },
      },
      'info',
      'The coordinator is not aware of this member, re-joining the group',
    ],
    [
      'a consumer crash (the runner logs whether it restarts)',
      { namespace: 'Consumer', log: { message: 'Crash: KafkaJSError: lost', groupId: 'g' } },
      'warn',
      'Crash: KafkaJSError: lost',
    ],
  ])('lowers %s from error', (...[, entry, level, message]) => {
    const mapped = mapKafkaLogEntry({ ...entry, level: logLevel.ERROR });

    expect(mapped).toMatchObject({ level, message });
  });

  it('keeps an error nobody retries at error, with its fields and the kafkajs component', () => {
    const entry = {
      namespace: 'Runner',
      level: logLevel.ERROR,
      log: { message: 'Error when calling eachBatch', groupId: 'g' },
    };

    const mapped = mapKafkaLogEntry(entry);

    expect(mapped).toEqual({
      level: 'error',
      message: 'Error when calling eachBatch',
      fields: { component: 'kafkajs.Runner', groupId: 'g' },
    });
  });

  it.each([
    [logLevel.WARN, 'warn'],
    [logLevel.INFO, 'info'],
    [logLevel.DEBUG, 'debug'],
  ])('keeps kafkajs level %s as %s', (level, expected) => {
    const mapped = mapKafkaLogEntry({ namespace: 'Connection', level, log: { message: 'm' } });

    expect(mapped.level).toBe(expected);
  });
});
