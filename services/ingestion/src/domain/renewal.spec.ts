import { createEvent, SubscriptionLifecycleV1Definition } from '@callrecords/contracts';
import type { SubscriptionChange } from '@callrecords/contracts';

import {
  backfillWindowFrom,
  jitterOf,
  nextRenewalAt,
  planSubscriptions,
  requestedExpiration,
} from './renewal';
import { applySubscriptionEvent, EMPTY_SUBSCRIPTION_STATE } from './subscription-state';
import type { SubscriptionState } from './subscription-state';

const TENANT = '00000000-0000-4000-8000-000000000001';
const MINUTE = 60_000;
const T0 = new Date('2026-11-01T00:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * MINUTE);
const POLICY = { overlapMs: 15 * MINUTE, maxLookbackMs: 30 * 24 * 60 * MINUTE };

function stateWith(
  ...changes: { id: string; change: SubscriptionChange; at: number; expiresAt: number }[]
): SubscriptionState {
  return changes.reduce(
    (state, c) =>
      applySubscriptionEvent(
        state,
        createEvent(SubscriptionLifecycleV1Definition, {
          tenantId: TENANT,
          occurredAt: at(c.at),
          producedAt: at(c.at),
          correlationId: 'c',
          payload: {
            subscriptionId: c.id,
            change: c.change,
            expirationDateTime: at(c.expiresAt).toISOString(),
            resource: '/communications/callRecords',
            changeType: 'created,updated',
            notificationUrl: 'https://example.com/webhooks/call-records',
            clientStateSha256: 'a'.repeat(64),
            changedAt: at(c.at).toISOString(),
          },
        }),
      ),
    EMPTY_SUBSCRIPTION_STATE,
  );
}

describe(nextRenewalAt.name, () => {
  it.each([
    [0, 2520],
    [0.5, 2730],
    [0.999_999, 2940],
  ])(
    'renews a 4,200-minute subscription between 60 and 70 %% of it (jitter %s)',
    (jitter, minute) => {
      const subscription = {
        changedAt: at(0).toISOString(),
        expirationDateTime: at(4200).toISOString(),
      };

      const renewAt = nextRenewalAt(subscription, jitter);

      expect(Math.round((renewAt.getTime() - T0.getTime()) / MINUTE)).toBe(minute);
    },
  );
});

describe(jitterOf.name, () => {
  it('is in [0, 1) and the same for the same id on every replica', () => {
    const values = ['a', 'b', 'subscription-1', '7f1c…'].map(jitterOf);

    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(jitterOf('subscription-1')).toBe(values[2]);
  });
});

describe(requestedExpiration.name, () => {
  it('never asks for more than Graph allows (4,230 minutes)', () => {
    expect(requestedExpiration(T0, 9999)).toEqual(at(4230));
    expect(requestedExpiration(T0, 60)).toEqual(at(60));
  });
});

describe(backfillWindowFrom.name, () => {
  it('starts an overlap before the last healthy moment and ends now', () => {
    expect(backfillWindowFrom(at(100), at(200), POLICY)).toEqual({ from: at(85), to: at(200) });
  });

  it('never reaches further back than the lookback', () => {
    const window = backfillWindowFrom(at(0), at(100), { overlapMs: 0, maxLookbackMs: 10 * MINUTE });

    expect(window?.from).toEqual(at(90));
  });

  it('has nothing to backfill without history', () => {
    expect(backfillWindowFrom(undefined, at(100), POLICY)).toBeUndefined();
  });
});

describe(planSubscriptions.name, () => {
  const plan = (state: SubscriptionState, now: number) =>
    planSubscriptions({ state, tenantIds: [TENANT], now: at(now), backfill: POLICY });

  it('creates a subscription for a tenant without one, with no backfill', () => {
    expect(plan(EMPTY_SUBSCRIPTION_STATE, 0)).toEqual([
      { kind: 'create', tenantId: TENANT, backfill: undefined },
    ]);
  });

  it('does nothing while the subscription is young', () => {
    expect(plan(stateWith({ id: 's', change: 'created', at: 0, expiresAt: 100 }), 50)).toEqual([]);
  });

  it('renews once 70 % of the lifetime has passed', () => {
    expect(plan(stateWith({ id: 's', change: 'created', at: 0, expiresAt: 100 }), 71)).toEqual([
      { kind: 'renew', tenantId: TENANT, subscriptionId: 's' },
    ]);
  });

  it('renews at once when Graph asks for reauthorization', () => {
    const state = stateWith(
      { id: 's', change: 'created', at: 0, expiresAt: 100 },
      { id: 's', change: 'reauthorizationRequired', at: 10, expiresAt: 100 },
    );

    expect(plan(state, 11)).toEqual([{ kind: 'renew', tenantId: TENANT, subscriptionId: 's' }]);
  });

  it('backfills from the last healthy moment and renews after a missed notification', () => {
    const state = stateWith(
      { id: 's', change: 'created', at: 0, expiresAt: 100 },
      { id: 's', change: 'missed', at: 30, expiresAt: 100 },
    );

    expect(plan(state, 31)).toEqual([
      {
        kind: 'renew',
        tenantId: TENANT,
        subscriptionId: 's',
        backfill: { from: at(-15), to: at(31) },
      },
    ]);
  });

  it.each<[SubscriptionChange, number]>([
    ['removed', 20],
    ['created', 120],
  ])('recreates and backfills a subscription that is %s (at minute %s)', (change, now) => {
    const state = stateWith(
      { id: 's', change: 'created', at: 0, expiresAt: 100 },
      { id: 's', change, at: change === 'removed' ? 10 : 0, expiresAt: 100 },
    );

    expect(plan(state, now)).toEqual([
      { kind: 'create', tenantId: TENANT, backfill: { from: at(-15), to: at(now) } },
    ]);
  });
});

describe(`${planSubscriptions.name} with watched people`, () => {
  const WATCHED = `/communications/callRecords?$filter=participants/any(p:p/id eq 'u1')`;
  const planFor = (state: SubscriptionState, now: number, resource: string) =>
    planSubscriptions({
      state,
      tenantIds: [TENANT],
      now: at(now),
      backfill: POLICY,
      resourceOf: () => resource,
    });

  it('replaces a live subscription whose resource is not the one configured', () => {
    const state = stateWith({ id: 's', change: 'created', at: 0, expiresAt: 100 });

    expect(planFor(state, 10, WATCHED)).toEqual([
      { kind: 'replace', tenantId: TENANT, subscriptionId: 's', backfill: undefined },
    ]);
  });

  it('keeps a subscription whose resource is the one configured', () => {
    const state = stateWith({ id: 's', change: 'created', at: 0, expiresAt: 100 });

    expect(planFor(state, 10, '/communications/callRecords')).toEqual([]);
  });

  it('keeps the backfill of a missed subscription it replaces', () => {
    const state = stateWith(
      { id: 's', change: 'created', at: 0, expiresAt: 100 },
      { id: 's', change: 'missed', at: 30, expiresAt: 100 },
    );

    expect(planFor(state, 31, WATCHED)).toEqual([
      {
        kind: 'replace',
        tenantId: TENANT,
        subscriptionId: 's',
        backfill: { from: at(-15), to: at(31) },
      },
    ]);
  });
});
