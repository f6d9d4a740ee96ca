import { decodeEvent, SubscriptionLifecycleV1Definition } from '@callrecords/contracts';
import type {
  SubscriptionLifecycleV1,
  SubscriptionLifecycleV1Payload,
} from '@callrecords/contracts';
import { tailTopic } from '@callrecords/kafka';
import type { Kafka, TopicTail } from '@callrecords/kafka';
import type { HealthIndicator, Logger } from '@callrecords/service-kit';

import type { SubscriptionState, SubscriptionView } from '../domain/subscription-state';
import {
  applySubscriptionEvent,
  EMPTY_SUBSCRIPTION_STATE,
  laterIso,
  subscriptionsOf,
  withLastNotification,
} from '../domain/subscription-state';

// Every replica reads the whole compacted subscriptions topic (libs/kafka `tailTopic`: a private
// group, never committed) and folds it with the pure reducer. It is "caught up" once it has read up
// to the high watermarks seen at start; until then webhooks answer 503 rather than drop unknown
// subscriptions.

export interface SubscriptionStoreOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Unique per replica and start: offsets are never committed. */
  readonly groupId: string;
  readonly logger: Logger;
}

const LIFECYCLE_CHANGES: ReadonlySet<string> = new Set([
  'reauthorizationRequired',
  'removed',
  'missed',
]);

export class SubscriptionStore {
  private state: SubscriptionState = EMPTY_SUBSCRIPTION_STATE;
  private tail: TopicTail | undefined;
  // Per replica: the newest accepted notification per subscription, recorded on the next event.
  private readonly seen = new Map<string, string>();
  private caughtUpResolve: (() => void) | undefined;
  private readonly caughtUpPromise: Promise<void>;
  private isCaughtUp = false;

  constructor(private readonly options: SubscriptionStoreOptions) {
    this.caughtUpPromise = new Promise((resolve) => (this.caughtUpResolve = resolve));
  }

  async start(): Promise<void> {
    const { kafka, topic, groupId, logger } = this.options;
    this.tail = await tailTopic({
      kafka,
      topic,
      groupId,
      logger,
      decode: (value, headers) => decodeEvent(SubscriptionLifecycleV1Definition, value, headers),
      onEvent: (event) => this.apply(event),
    });
    void this.tail.caughtUp.then(() => {
      this.isCaughtUp = true;
      this.caughtUpResolve?.();
    });
  }

  /** Remembers that a change notification of a known subscription was accepted at `at`. */
  noteNotifications(subscriptionIds: Iterable<string>, at: string): void {
    for (const id of subscriptionIds) {
      this.seen.set(id, laterIso(this.seen.get(id), at) ?? at);
    }
  }

  /** The payload with the latest "last notification seen" known to this replica. */
  withLastNotification(payload: SubscriptionLifecycleV1Payload): SubscriptionLifecycleV1Payload {
    const id = payload.subscriptionId;
    return withLastNotification(payload, this.lookup(id)?.lastNotificationAt, this.seen.get(id));
  }

  /** The newest change notification of the tenant known here: folded from the topic or seen. */
  lastNotificationOf(tenantId: string): string | undefined {
    return subscriptionsOf(this.state, tenantId).reduce<string | undefined>(
      (latest, view) =>
        laterIso(latest, laterIso(view.lastNotificationAt, this.seen.get(view.subscriptionId))),
      undefined,
    );
  }

  /** Folds an event now (the writer does this right after Kafka acknowledged it). */
  apply(event: SubscriptionLifecycleV1): void {
    this.state = applySubscriptionEvent(this.state, event);
    if (LIFECYCLE_CHANGES.has(event.payload.change)) {
      this.onLifecycle?.();
    }
  }

  /** Called after a Graph lifecycle event was folded, so the leader can act without waiting a tick. */
  onLifecycle: (() => void) | undefined;

  get caughtUp(): boolean {
    return this.isCaughtUp;
  }

  whenCaughtUp(): Promise<void> {
    return this.caughtUpPromise;
  }

  snapshot(): SubscriptionState {
    return this.state;
  }

  lookup(subscriptionId: string): SubscriptionView | undefined {
    return this.state.subscriptions.get(subscriptionId);
  }

  health(): HealthIndicator {
    return {
      name: 'subscription-state',
      check: () =>
        this.isCaughtUp
          ? Promise.resolve()
          : Promise.reject(new Error('subscription state not caught up')),
    };
  }

  async stop(): Promise<void> {
    await this.tail?.stop();
  }
}
