import { describe, expect, it } from '@jest/globals';

import { countDue, readDeliveryInfo, RETRY_HEADERS, retryHeaders } from './retry-headers';

const consumedAt = { topic: 'callrecords.notifications.v1', partition: 2, offset: '41' };

describe(readDeliveryInfo.name, () => {
  it('treats a message without retry headers as the first delivery from where it was consumed', () => {
    expect(readDeliveryInfo({ type: 'NotificationReceived' }, consumedAt)).toEqual({
      attempt: 1,
      notBefore: 0,
      origin: consumedAt,
    });
  });

  it('reads back what retryHeaders wrote', () => {
    const first = readDeliveryInfo({}, consumedAt);
    const headers = retryHeaders({ type: 'T' }, first, {
      notBefore: 1_000,
      reason: 'NotYetAvailable',
    });

    const second = readDeliveryInfo(headers, {
      topic: 'callrecords.fetcher.retry.v1',
      partition: 0,
      offset: '7',
    });

    expect(second).toEqual({ attempt: 2, notBefore: 1_000, origin: consumedAt });
    expect(headers['type']).toBe('T');
  });

  it('falls back to the first attempt when the attempt header is garbage', () => {
    expect(readDeliveryInfo({ [RETRY_HEADERS.attempt]: 'x' }, consumedAt).attempt).toBe(1);
  });
});

describe(retryHeaders.name, () => {
  it('keeps the origin across several retries', () => {
    const first = readDeliveryInfo({}, consumedAt);
    const afterOne = readDeliveryInfo(retryHeaders({}, first, { notBefore: 1, reason: 'a' }), {
      topic: 'r',
      partition: 0,
      offset: '1',
    });

    const afterTwo = readDeliveryInfo(retryHeaders({}, afterOne, { notBefore: 2, reason: 'b' }), {
      topic: 'r',
      partition: 0,
      offset: '9',
    });

    expect(afterTwo).toEqual({ attempt: 3, notBefore: 2, origin: consumedAt });
  });
});

describe(countDue.name, () => {
  it.each([
    [[], 100, 0],
    [[10, 20, 30], 100, 3],
    [[10, 200, 30], 100, 1],
    [[200, 10], 100, 0],
  ])('of %j at %d: %d due', (notBefores, now, expected) => {
    expect(countDue(notBefores, now)).toBe(expected);
  });
});
