import {
  ChangeNotificationCollectionSchema,
  LifecycleNotificationCollectionSchema,
  matchesClientState,
} from '@callrecords/contracts';
import type { Logger } from '@callrecords/service-kit';

import type { AcceptedNotification, TrustedSource } from '../domain/notification-check';
import { checkChangeNotification, checkLifecycleNotification } from '../domain/notification-check';
import type { KafkaPublisher } from '../kafka-publisher';
import type { IngestionMetrics } from '../metrics';
import { notificationMessage } from '../notification-events';
import type { SubscriptionManager } from '../subscriptions/subscription-manager';
import type { SubscriptionStore } from '../subscriptions/subscription-store';

// Webhook bodies → checked notifications → Kafka. The HTTP status is decided here and mapped once
// in the controller: 202 only after Kafka acknowledged every valid notification of the body.

export type IntakeOutcome =
  | { readonly kind: 'accepted'; readonly published: number }
  | { readonly kind: 'invalid-body' }
  | { readonly kind: 'unavailable'; readonly reason: 'state-loading' | 'kafka' };

export interface WebhookIntakeOptions {
  readonly store: SubscriptionStore;
  readonly publisher: KafkaPublisher;
  readonly manager: SubscriptionManager;
  readonly notificationsTopic: string;
  /** Configured tenants: a subscription of a tenant no longer configured is no longer trusted. */
  readonly tenantIds: readonly string[];
  /** How long a notification of a configured tenant waits for its subscription to be read here. */
  readonly unknownSubscriptionWaitMs: number;
  readonly metrics: IngestionMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

export class WebhookIntake {
  private readonly source: TrustedSource;

  constructor(private readonly options: WebhookIntakeOptions) {
    this.source = {
      lookup: (id) => {
        const view = options.store.trusted(id);
        return view && options.tenantIds.includes(view.tenantId) ? view : undefined;
      },
      matches: matchesClientState,
    };
  }

  async acceptChanges(body: unknown): Promise<IntakeOutcome> {
    const { metrics, store } = this.options;
    const parsed = ChangeNotificationCollectionSchema.safeParse(body);
    if (!parsed.success) {
      metrics.drop('invalid-body');
      return { kind: 'invalid-body' };
    }
    const notifications = parsed.data.value;
    metrics.received.inc({ endpoint: 'change' }, notifications.length);
    // Until the state is read, an unknown subscription may just be one we have not read yet.
    if (!store.caughtUp) {
      return { kind: 'unavailable', reason: 'state-loading' };
    }
    await this.awaitUnknownSubscriptions(notifications);
    const accepted: AcceptedNotification[] = [];
    for (const notification of notifications) {
      const result = checkChangeNotification(notification, this.source);
      if (result.kind === 'accept') {
        accepted.push(result.value);
      } else {
        metrics.drop(result.reason);
      }
    }
    return this.publish(accepted);
  }

  // Graph delivers as soon as it answered the leader's create: the `created` event may still be on
  // its way to this replica. A configured tenant's unknown subscription gets a bounded wait (it is
  // dropped afterwards, as before); any other unknown one is dropped at once.
  private async awaitUnknownSubscriptions(
    notifications: readonly { subscriptionId: string; tenantId?: string | undefined }[],
  ): Promise<void> {
    const { store, tenantIds, unknownSubscriptionWaitMs } = this.options;
    const configured = new Set(tenantIds.map((id) => id.toLowerCase()));
    const unknown = new Set(
      notifications
        .filter((n) => n.tenantId === undefined || configured.has(n.tenantId.toLowerCase()))
        .map((n) => n.subscriptionId)
        .filter((id) => store.trusted(id) === undefined),
    );
    await Promise.all([...unknown].map((id) => store.whenKnown(id, unknownSubscriptionWaitMs)));
  }

  private async publish(accepted: readonly AcceptedNotification[]): Promise<IntakeOutcome> {
    const receivedAt = this.options.now().toISOString();
    const messages = accepted.map((n) =>
      notificationMessage(this.options.notificationsTopic, n.tenantId, {
        source: 'webhook',
        callRecordId: n.callRecordId,
        resource: n.resource,
        changeType: n.changeType,
        receivedAt,
        subscriptionId: n.subscriptionId,
        ...(n.subscriptionExpirationDateTime
          ? { subscriptionExpirationDateTime: n.subscriptionExpirationDateTime }
          : {}),
      }),
    );
    try {
      await this.options.publisher.publish(messages);
    } catch (error) {
      this.options.logger.warn({ err: error, count: messages.length }, 'publish failed; 503');
      return { kind: 'unavailable', reason: 'kafka' };
    }
    this.options.store.noteNotifications(
      new Set(accepted.map((n) => n.subscriptionId)),
      receivedAt,
    );
    this.options.metrics.published.inc({ source: 'webhook' }, messages.length);
    return { kind: 'accepted', published: messages.length };
  }

  /** Lifecycle events are recorded in the subscriptions topic; the leader acts on them. */
  async acceptLifecycle(body: unknown): Promise<IntakeOutcome> {
    const { metrics, store, manager } = this.options;
    const parsed = LifecycleNotificationCollectionSchema.safeParse(body);
    if (!parsed.success) {
      metrics.drop('invalid-body');
      return { kind: 'invalid-body' };
    }
    metrics.received.inc({ endpoint: 'lifecycle' }, parsed.data.value.length);
    if (!store.caughtUp) {
      return { kind: 'unavailable', reason: 'state-loading' };
    }
    try {
      for (const notification of parsed.data.value) {
        const result = checkLifecycleNotification(notification, this.source);
        if (result.kind === 'drop') {
          metrics.drop(result.reason);
          this.options.logger.warn({ reason: result.reason }, 'lifecycle notification dropped');
          continue;
        }
        const { subscription, change } = result.value;
        this.options.logger.info(
          { tenantId: subscription.tenantId, subscriptionId: subscription.subscriptionId, change },
          'lifecycle notification',
        );
        await manager.publish(subscription.tenantId, {
          ...subscription.payload,
          change,
          changedAt: this.options.now().toISOString(),
        });
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'lifecycle publish failed; 503');
      return { kind: 'unavailable', reason: 'kafka' };
    }
    return { kind: 'accepted', published: parsed.data.value.length };
  }
}
