import { hashClientState, matchesClientState } from '@callrecords/contracts';
import type { ChangeNotification, LifecycleNotification } from '@callrecords/contracts';

import {
  callRecordIdOf,
  checkChangeNotification,
  checkLifecycleNotification,
} from './notification-check';
import type { TrustedSource } from './notification-check';
import type { SubscriptionView } from './subscription-state';

const TENANT = '00000000-0000-4000-8000-000000000001';
const SECRET = 'a-random-client-state';
const VIEW = {
  tenantId: TENANT,
  subscriptionId: 'sub-1',
  clientStateSha256: hashClientState(SECRET),
} as SubscriptionView;
const SOURCE: TrustedSource = {
  lookup: (id) => (id === 'sub-1' ? VIEW : undefined),
  matches: matchesClientState,
};

function notification(overrides: Partial<ChangeNotification> = {}): ChangeNotification {
  return {
    subscriptionId: 'sub-1',
    clientState: SECRET,
    tenantId: TENANT,
    changeType: 'created',
    resource: 'communications/callRecords/rec-1',
    resourceData: { id: 'rec-1' },
    ...overrides,
  };
}

describe(checkChangeNotification.name, () => {
  it('accepts a notification of our subscription with its clientState', () => {
    expect(checkChangeNotification(notification(), SOURCE)).toEqual({
      kind: 'accept',
      value: {
        tenantId: TENANT,
        subscriptionId: 'sub-1',
        callRecordId: 'rec-1',
        resource: 'communications/callRecords/rec-1',
        changeType: 'created',
        subscriptionExpirationDateTime: undefined,
      },
    });
  });

  it.each<[string, Partial<ChangeNotification>, string]>([
    ['an unknown subscription', { subscriptionId: 'other' }, 'unknown-subscription'],
    ['a wrong clientState', { clientState: 'guess' }, 'client-state-mismatch'],
    ['no clientState', { clientState: null }, 'client-state-mismatch'],
    ['another tenant', { tenantId: '00000000-0000-4000-8000-000000000002' }, 'tenant-mismatch'],
    ['a deleted change', { changeType: 'deleted' }, 'unsupported-change'],
  ])('drops %s', (_case, overrides, reason) => {
    expect(checkChangeNotification(notification(overrides), SOURCE)).toEqual({
      kind: 'drop',
      reason,
    });
  });
});

describe(callRecordIdOf.name, () => {
  it('falls back to the resource path when resourceData has no id', () => {
    expect(callRecordIdOf(notification({ resourceData: null }))).toBe('rec-1');
  });
});

describe(checkLifecycleNotification.name, () => {
  const lifecycle = (lifecycleEvent: string): LifecycleNotification => ({
    subscriptionId: 'sub-1',
    clientState: SECRET,
    tenantId: TENANT,
    lifecycleEvent,
  });

  it.each([
    ['reauthorizationRequired', 'reauthorizationRequired'],
    ['subscriptionRemoved', 'removed'],
    ['missed', 'missed'],
  ])('maps %s to the change %s', (event, change) => {
    expect(checkLifecycleNotification(lifecycle(event), SOURCE)).toEqual({
      kind: 'accept',
      value: { subscription: VIEW, change },
    });
  });

  it('drops an unknown lifecycle event', () => {
    expect(checkLifecycleNotification(lifecycle('somethingNew'), SOURCE)).toEqual({
      kind: 'drop',
      reason: 'unsupported-change',
    });
  });
});
