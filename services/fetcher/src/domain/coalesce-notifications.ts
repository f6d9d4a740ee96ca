// Duplicate notifications for one record within a batch become one Graph fetch: Graph retries
// deliveries and sends `updated` after `created` (libs/contracts/graph-reference/FACTS.md §7,
// "Delivery handling"), and a fetch always returns the record's latest version, so one fetch
// answers them all.

export interface NotificationRef {
  readonly tenantId: string;
  readonly callRecordId: string;
  /** Delivery attempt of the message (1 = first delivery). */
  readonly attempt: number;
}

export interface CoalescedFetch {
  readonly tenantId: string;
  readonly callRecordId: string;
  /** The index whose outcome carries the fetch; the others are skipped as duplicates. */
  readonly leader: number;
  readonly duplicates: readonly number[];
}

/**
 * Groups notifications by (tenant, record), in order of first appearance. The leader is the one
 * with the fewest delivery attempts, so a fresh notification never inherits an older one's
 * exhausted retry budget.
 */
export function coalesceNotifications(notifications: readonly NotificationRef[]): CoalescedFetch[] {
  const groups = new Map<string, number[]>();
  notifications.forEach((notification, index) => {
    const key = `${notification.tenantId}:${notification.callRecordId}`;
    const members = groups.get(key) ?? [];
    members.push(index);
    groups.set(key, members);
  });
  return [...groups.values()].map((members) => {
    const leader = members.reduce((best, index) =>
      (notifications[index] as NotificationRef).attempt <
      (notifications[best] as NotificationRef).attempt
        ? index
        : best,
    );
    const first = notifications[leader] as NotificationRef;
    return {
      tenantId: first.tenantId,
      callRecordId: first.callRecordId,
      leader,
      duplicates: members.filter((index) => index !== leader),
    };
  });
}
