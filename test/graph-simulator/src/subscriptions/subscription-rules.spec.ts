import { describe, expect, it } from '@jest/globals';

import {
  checkExpiration,
  checkNotificationUrl,
  parseChangeTypes,
  parseResource,
  validateRenewal,
  validateSubscriptionRequest,
} from './subscription-rules';

const NOW = Date.UTC(2024, 0, 1);
const MINUTE = 60_000;

const valid = {
  changeType: 'updated',
  notificationUrl: 'https://webhook.example.com/api/notifications',
  lifecycleNotificationUrl: 'https://webhook.example.com/api/lifecycle',
  resource: '/communications/callRecords',
  expirationDateTime: new Date(NOW + 4000 * MINUTE).toISOString(),
  clientState: 'secret',
};

describe(validateSubscriptionRequest.name, () => {
  it('accepts the documented callRecords request', () => {
    const result = validateSubscriptionRequest(valid, NOW);

    expect(result).toMatchObject({
      ok: true,
      value: { changeTypes: ['updated'], participantIds: undefined },
    });
  });

  it('refuses includeResourceData, which callRecords do not support', () => {
    expect(validateSubscriptionRequest({ ...valid, includeResourceData: true }, NOW).ok).toBe(
      false,
    );
  });
});

describe(parseChangeTypes.name, () => {
  it.each([
    ['created', true],
    ['created,updated', true],
    ['deleted', false],
    ['', false],
  ])('%p → ok %p', (value, ok) => {
    expect(parseChangeTypes(value).ok).toBe(ok);
  });
});

describe(parseResource.name, () => {
  it.each([
    ["/communications/callRecords?$filter=participants/any(p:p/id eq 'a')", ['a']],
    [
      "communications/callRecords?$filter=participants/any(p:p/id eq 'a' or p/id eq 'b')",
      ['a', 'b'],
    ],
    ["/communications/callRecords?$filter=participants/any(x:x/id in ('a', 'b'))", ['a', 'b']],
  ])('reads the participant filter of %p', (resource, ids) => {
    expect(parseResource(resource)).toEqual({ ok: true, value: ids });
  });

  it('refuses other resources', () => {
    expect(parseResource('/me/messages').ok).toBe(false);
  });
});

describe(checkNotificationUrl.name, () => {
  it.each([
    ['https://example.com/hook', true],
    ['http://127.0.0.1:3000/hook', true],
    ['http://localhost:3000/hook', true],
    ['http://example.com/hook', false],
    ['not a url', false],
  ])('%p → ok %p', (url, ok) => {
    expect(checkNotificationUrl(url, 'notificationUrl').ok).toBe(ok);
  });
});

describe(checkExpiration.name, () => {
  it('raises less than 45 minutes to 45 minutes', () => {
    const result = checkExpiration(new Date(NOW + 10 * MINUTE).toISOString(), NOW);

    expect(result).toEqual({ ok: true, value: new Date(NOW + 45 * MINUTE).toISOString() });
  });

  it('accepts exactly 4,230 minutes and refuses one more', () => {
    expect(checkExpiration(new Date(NOW + 4230 * MINUTE).toISOString(), NOW).ok).toBe(true);
    expect(checkExpiration(new Date(NOW + 4231 * MINUTE).toISOString(), NOW).ok).toBe(false);
  });

  it('refuses a past expiration', () => {
    expect(checkExpiration(new Date(NOW - MINUTE).toISOString(), NOW).ok).toBe(false);
  });
});

describe(validateRenewal.name, () => {
  it('refuses a lifecycleNotificationUrl, which is create-only', () => {
    expect(validateRenewal({ lifecycleNotificationUrl: 'https://x.example.com' }, NOW).ok).toBe(
      false,
    );
  });
});
