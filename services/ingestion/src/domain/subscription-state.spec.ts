import { createEvent, SubscriptionLifecycleV1Definition } from '@callrecords/contracts';
import type { SubscriptionChange, SubscriptionLifecycleV1 } from '@callrecords/contracts';

import {
  applySubscriptionEvent,
  currentSubscriptionOf,
  EMPTY_SUBSCRIPTION_STATE,
  isLive,
  lastHealthyAt,
  laterIso,
  withLastNotification,
} from './subscription-state';

const TENANT = '00000000-0000-4000-8000-000000000001';

function event(id: string, change: SubscriptionChange, changedAt: string): SubscriptionLifecycleV1 {
  return createEvent(SubscriptionLifecycleV1Definition, {
    tenantId: TENANT,
    occurredAt: changedAt,
    producedAt: changedAt,
    correlationId: 'c',
    payload: {
      subscriptionId: id,
      change,
      expirationDateTime: '2026-11-03T00:00:00.000Z',
      resource: '/communications/callRecords',
      changeType: 'created,updated',
      notificationUrl: 'https://example.com/webhooks/call-records',
      clientStateSha256: 'b'.repeat(64),
      changedAt,
    },
  });
}

const fold = (...events: SubscriptionLifecycleV1[]) =>
  events.reduce(applySubscriptionEvent, EMPTY_SUBSCRIPTION_STATE);

describe(applySubscriptionEvent.name, () => {
  it('keeps the newer change when an older event is replayed after it', () => {
    const state = fold(
      event('s', 'created', '2026-11-01T00:00:00.000Z'),
      event('s', 'renewed', '2026-11-02T00:00:00.000Z'),
      event('s', 'created', '2026-11-01T00:00:00.000Z'),
    );

    expect(state.subscriptions.get('s')?.change).toBe('renewed');
  });

  it('remembers the last healthy moment across a lifecycle event', () => {
    const state = fold(
      event('s', 'created', '2026-11-01T00:00:00.000Z'),
      event('s', 'missed', '2026-11-01T05:00:00.000Z'),
    );

    expect(lastHealthyAt(state, TENANT)).toEqual(new Date('2026-11-01T00:00:00.000Z'));
  });
});

describe(currentSubscriptionOf.name, () => {
  it('skips removed subscriptions and returns the newest other one', () => {
    const state = fold(
      event('old', 'created', '2026-11-01T00:00:00.000Z'),
      event('old', 'removed', '2026-11-01T01:00:00.000Z'),
      event('new', 'created', '2026-11-01T01:00:01.000Z'),
    );

    expect(currentSubscriptionOf(state, TENANT)?.subscriptionId).toBe('new');
    expect(currentSubscriptionOf(state, 'another-tenant')).toBeUndefined();
  });
});

describe(isLive.name, () => {
  it.each<[SubscriptionChange, string, boolean]>([
    ['created', '2026-11-02T00:00:00.000Z', true],
    ['created', '2026-11-04T00:00:00.000Z', false],
    ['deleted', '2026-11-02T00:00:00.000Z', false],
  ])('a %s subscription at %s is live: %s', (change, now, live) => {
    const view = fold(event('s', change, '2026-11-01T00:00:00.000Z')).subscriptions.get('s');

    expect(view && isLive(view, new Date(now))).toBe(live);
  });
});

const withSeen = (
  e: SubscriptionLifecycleV1,
  lastNotificationAt: string,
): SubscriptionLifecycleV1 => ({
  ...e,
  payload: { ...e.payload, lastNotificationAt },
});

describe(lastHealthyAt.name, () => {
  it.each([
    ['no lastNotificationAt: the last healthy change', undefined, '2026-11-02T00:00:00.000Z'],
    [
      'a notification after it: that minus 4 h',
      '2026-11-02T06:00:00.000Z',
      '2026-11-02T02:00:00.000Z',
    ],
    [
      'a notification < 4 h after it: the change',
      '2026-11-02T03:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
    ],
    [
      'a notification before it: the change',
      '2026-11-01T12:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
    ],
  ])('%s', (_case, seen, expected) => {
    const renewed = event('s', 'renewed', '2026-11-02T00:00:00.000Z');
    const state = fold(
      event('s', 'created', '2026-11-01T00:00:00.000Z'),
      seen === undefined ? renewed : withSeen(renewed, seen),
    );

    expect(lastHealthyAt(state, TENANT)).toEqual(new Date(expected));
  });

  it('keeps the latest lastNotificationAt across events that omit or lower it', () => {
    const state = fold(
      withSeen(event('s', 'renewed', '2026-11-02T00:00:00.000Z'), '2026-11-02T06:00:00.000Z'),
      withSeen(event('s', 'renewed', '2026-11-02T01:00:00.000Z'), '2026-11-01T06:00:00.000Z'),
      event('s', 'missed', '2026-11-02T02:00:00.000Z'),
    );

    expect(state.subscriptions.get('s')?.lastNotificationAt).toBe('2026-11-02T06:00:00.000Z');
    expect(lastHealthyAt(state, TENANT)).toEqual(new Date('2026-11-02T02:00:00.000Z'));
  });
});

describe(laterIso.name, () => {
  it.each([
    [undefined, undefined, undefined],
    ['2026-11-01T00:00:00.000Z', undefined, '2026-11-01T00:00:00.000Z'],
    [undefined, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', '2026-11-02T00:00:00.000Z'],
    ['2026-11-02T00:00:00.000Z', '2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z'],
  ])('laterIso(%s, %s) = %s', (a, b, expected) => {
    expect(laterIso(a, b)).toBe(expected);
  });
});

describe(withLastNotification.name, () => {
  const base = event('s', 'renewed', '2026-11-02T00:00:00.000Z').payload;
  const T1 = '2026-11-01T01:00:00.000Z';
  const T2 = '2026-11-01T02:00:00.000Z';
  it.each([
    { name: 'nothing known: unchanged', folded: undefined, seen: undefined, expected: undefined },
    { name: 'only the folded time', folded: T1, seen: undefined, expected: T1 },
    { name: 'only seen here', folded: undefined, seen: T1, expected: T1 },
    { name: 'the later of both', folded: T2, seen: T1, expected: T2 },
  ])('$name', ({ folded, seen, expected }) => {
    expect(withLastNotification(base, folded, seen).lastNotificationAt).toBe(expected);
  });
});
