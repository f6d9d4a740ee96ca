import { aSubscriptionLifecycle, EXAMPLE_NOTIFICATION_URL } from '@callrecords/testing';
import type { SubscriptionLifecycleV1Payload } from '@callrecords/contracts';

import type { ListedSubscription, ReconcileInput } from './reconcile';
import { mergeWindows, reconcileTenant, removedTenantActions, silentSince } from './reconcile';
import { applySubscriptionEvent, EMPTY_SUBSCRIPTION_STATE } from './subscription-state';
import type { SubscriptionState } from './subscription-state';

const TENANT = '00000000-0000-4000-8000-000000000001';
const OTHER_TENANT = '00000000-0000-4000-8000-000000000002';
const NOW = new Date('2026-11-02T00:00:00.000Z');
const MINUTE = 60_000;
const minutesFromNow = (minutes: number): string =>
  new Date(NOW.getTime() + minutes * MINUTE).toISOString();

type Change = Partial<SubscriptionLifecycleV1Payload> & { subscriptionId: string };

function stateOf(...changes: (Change & { tenantId?: string })[]): SubscriptionState {
  return changes.reduce(
    (state, { tenantId = TENANT, ...payload }) =>
      applySubscriptionEvent(state, aSubscriptionLifecycle(tenantId, payload)),
    EMPTY_SUBSCRIPTION_STATE,
  );
}

// Created 60 minutes before NOW for 4,200 minutes, as the leader recorded it.
const CREATED: Change = {
  subscriptionId: 'sub-1',
  changedAt: minutesFromNow(-60),
  expirationDateTime: minutesFromNow(4140),
};

function listed(id: string, expiresInMinutes: number, url = EXAMPLE_NOTIFICATION_URL) {
  return { id, notificationUrl: url, expirationDateTime: minutesFromNow(expiresInMinutes) };
}

function input(state: SubscriptionState, graph: readonly ListedSubscription[]): ReconcileInput {
  return {
    state,
    tenantId: TENANT,
    listed: graph,
    notificationUrl: EXAMPLE_NOTIFICATION_URL,
    lifetimeMinutes: 4200,
    now: NOW,
  };
}

describe(reconcileTenant.name, () => {
  it('does nothing when Graph lists our subscription with the expiry we recorded', () => {
    const actions = reconcileTenant(input(stateOf(CREATED), [listed('sub-1', 4140)]));

    expect(actions).toEqual([]);
  });

  it('recreates our live subscription when Graph no longer lists it', () => {
    const actions = reconcileTenant(input(stateOf(CREATED), []));

    expect(actions).toEqual([{ kind: 'recreate', tenantId: TENANT, subscriptionId: 'sub-1' }]);
  });

  it('renews when Graph holds another expiry than ours (by more than a minute)', () => {
    const actions = reconcileTenant(input(stateOf(CREATED), [listed('sub-1', 100)]));

    expect(actions).toEqual([{ kind: 'renew', tenantId: TENANT, subscriptionId: 'sub-1' }]);
  });

  it('renews, not recreates, a subscription our memory thinks expired but Graph still lists', () => {
    const stale = { ...CREATED, expirationDateTime: minutesFromNow(-5) };

    const actions = reconcileTenant(input(stateOf(stale), [listed('sub-1', 2000)]));

    expect(actions).toEqual([{ kind: 'renew', tenantId: TENANT, subscriptionId: 'sub-1' }]);
  });

  it('leaves the subscriptions of another deployment (another URL) alone', () => {
    const theirs = listed('theirs', 10, 'https://other.example.com/webhooks/call-records');

    const actions = reconcileTenant(input(stateOf(CREATED), [listed('sub-1', 4140), theirs]));

    expect(actions).toEqual([]);
  });

  it('keeps a subscription of ours created with a former URL', () => {
    const formerUrl = 'https://old-name.example.com/webhooks/call-records';
    const state = stateOf({ ...CREATED, notificationUrl: formerUrl });

    const actions = reconcileTenant(input(state, [listed('sub-1', 4140, formerUrl)]));

    expect(actions).toEqual([]);
  });

  it('deletes an older subscription of ours that we superseded', () => {
    const state = stateOf(
      { ...CREATED, subscriptionId: 'old', changedAt: minutesFromNow(-90) },
      CREATED,
    );

    const actions = reconcileTenant(input(state, [listed('old', 4110), listed('sub-1', 4140)]));

    expect(actions).toEqual([
      { kind: 'delete', tenantId: TENANT, subscriptionId: 'old', reason: 'duplicate' },
    ]);
  });

  it('deletes an unknown subscription of our URL created more than two minutes ago', () => {
    // Expires 4,190 minutes from now with a 4,200-minute lifetime: created 10 minutes ago.
    const actions = reconcileTenant(
      input(stateOf(CREATED), [listed('sub-1', 4140), listed('x', 4190)]),
    );

    expect(actions).toEqual([
      { kind: 'delete', tenantId: TENANT, subscriptionId: 'x', reason: 'unknown' },
    ]);
  });

  it('waits, instead of recreating, when an unknown one of our URL was created a minute ago', () => {
    const actions = reconcileTenant(input(stateOf(CREATED), [listed('fresh', 4199)]));

    expect(actions).toEqual([{ kind: 'wait', tenantId: TENANT, subscriptionId: 'fresh' }]);
  });
});

describe(removedTenantActions.name, () => {
  it('deletes the live subscriptions of a tenant no longer configured, not the expired ones', () => {
    const state = stateOf(
      CREATED,
      { ...CREATED, tenantId: OTHER_TENANT, subscriptionId: 'gone-tenant' },
      {
        tenantId: OTHER_TENANT,
        subscriptionId: 'expired',
        changedAt: minutesFromNow(-5000),
        expirationDateTime: minutesFromNow(-800),
      },
    );

    const actions = removedTenantActions(state, [TENANT], NOW);

    expect(actions).toEqual([
      {
        kind: 'delete',
        tenantId: OTHER_TENANT,
        subscriptionId: 'gone-tenant',
        reason: 'tenant-removed',
      },
    ]);
  });
});

describe(silentSince.name, () => {
  const threshold = 60 * MINUTE;

  it.each([
    {
      name: 'a notification 61 minutes ago',
      lastNotificationAt: minutesFromNow(-61),
      healthyAt: minutesFromNow(-3000),
      expected: minutesFromNow(-61),
    },
    {
      name: 'a notification 59 minutes ago',
      lastNotificationAt: minutesFromNow(-59),
      healthyAt: minutesFromNow(-3000),
      expected: undefined,
    },
    {
      name: 'no notification since a renewal 61 minutes ago',
      lastNotificationAt: undefined,
      healthyAt: minutesFromNow(-61),
      expected: minutesFromNow(-61),
    },
    {
      name: 'a renewal 30 minutes after an old notification',
      lastNotificationAt: minutesFromNow(-500),
      healthyAt: minutesFromNow(-30),
      expected: undefined,
    },
  ])(
    'is silent since the right time (or not) with $name',
    ({ lastNotificationAt, healthyAt, expected }) => {
      const since = silentSince({
        current: { change: 'renewed', healthyAt },
        lastNotificationAt,
        now: NOW,
        thresholdMs: threshold,
      });

      expect(since?.toISOString()).toBe(expected);
    },
  );

  it('says nothing of a subscription already being repaired after `missed`', () => {
    const since = silentSince({
      current: { change: 'missed', healthyAt: minutesFromNow(-3000) },
      lastNotificationAt: undefined,
      now: NOW,
      thresholdMs: threshold,
    });

    expect(since).toBeUndefined();
  });
});

describe(mergeWindows.name, () => {
  it('covers both windows', () => {
    const a = { from: new Date(minutesFromNow(-100)), to: new Date(minutesFromNow(-10)) };
    const b = { from: new Date(minutesFromNow(-50)), to: new Date(minutesFromNow(0)) };

    expect(mergeWindows(a, b)).toEqual({ from: a.from, to: b.to });
  });
});
