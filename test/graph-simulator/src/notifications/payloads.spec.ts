import { describe, expect, it } from '@jest/globals';

import {
  ChangeNotificationCollectionStrictSchema,
  LifecycleNotificationCollectionStrictSchema,
} from '@callrecords/contracts';

import { readExample } from '../testing/graph-reference';
import { changeNotification, LIFECYCLE_EVENTS, lifecycleNotification } from './payloads';

const subscription = {
  id: '7f105c7d-2dc5-4530-97cd-4e7ae6534c07',
  tenantId: '84bd8158-6d4d-4958-8b9f-9d6445542f95',
  clientState: 'secret',
  expirationDateTime: '2024-01-03T00:00:00.000Z',
};

describe(changeNotification.name, () => {
  it('has exactly the keys of the documented callRecord notification', () => {
    const [example] = readExample('change-notification-callrecord-created.json')['value'] as Array<
      Record<string, unknown>
    >;

    const notification = changeNotification(subscription, 'created', 'rec-1');

    expect(Object.keys(notification).sort()).toEqual(Object.keys(example ?? {}).sort());
  });

  it('satisfies the contracts schema', () => {
    const body = { value: [changeNotification(subscription, 'updated', 'rec-1')] };

    expect(ChangeNotificationCollectionStrictSchema.safeParse(body).success).toBe(true);
  });
});

describe(lifecycleNotification.name, () => {
  it.each(LIFECYCLE_EVENTS)('builds %s in the documented shape', (event) => {
    const body = { value: [lifecycleNotification(subscription, event)] };

    expect(LifecycleNotificationCollectionStrictSchema.safeParse(body).success).toBe(true);
  });
});
