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

// Far more than the events between a write and its read-back by the tail (a few per tenant).
const APPLIED_IDS_KEPT = 10_000;

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
  // Subscriptions Graph created for this replica (the leader) whose `created` event Kafka has not
  // acknowledged yet: Graph may deliver for them at once, and they are ours (we chose the clientState).
  private readonly provisional = new Map<string, SubscriptionView>();
  // Ids of the events folded lately (insertion order: the oldest is dropped first).
  private readonly applied = new Set<string>();
  // Webhook requests waiting for a subscription id this replica has not read yet.
  private readonly waiters = new Map<string, Set<() => void>>();
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

  /**
   * Folds an event now (the writer does this right after Kafka acknowledged it, and the tail reads
   * it again later). Each event is folded once: the writer's `missed` read back after its `renewed`
   * of the same instant would otherwise undo the renewal and be acted on twice.
   */
  apply(event: SubscriptionLifecycleV1): void {
    if (this.applied.has(event.id)) {
      return;
    }
    this.applied.add(event.id);
    if (this.applied.size > APPLIED_IDS_KEPT) {
      this.applied.delete(this.applied.values().next().value as string);
    }
    this.state = applySubscriptionEvent(this.state, event);
    this.provisional.delete(event.payload.subscriptionId);
    this.wake(event.payload.subscriptionId);
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

  /**
   * A subscription Graph just created, trusted for its notifications before its `created` event is
   * acknowledged and folded (`apply` replaces it). Never part of `snapshot()`: the leader decides
   * from what Kafka holds.
   */
  expect(event: SubscriptionLifecycleV1): void {
    const view = applySubscriptionEvent(EMPTY_SUBSCRIPTION_STATE, event).subscriptions.get(
      event.payload.subscriptionId,
    );
    if (view) {
      this.provisional.set(view.subscriptionId, view);
      this.wake(view.subscriptionId);
    }
  }

  /** The subscription to trust a notification of: folded from the topic, or just created here. */
  trusted(subscriptionId: string): SubscriptionView | undefined {
    return this.lookup(subscriptionId) ?? this.provisional.get(subscriptionId);
  }

  /**
   * Resolves once the subscription is known here (trusted) or after `timeoutMs`: a notification
   * can arrive before its subscription's `created` event reached this replica (Graph delivers as
   * soon as it answered the leader; another replica reads the event a moment later).
   */
  async whenKnown(
    subscriptionId: string,
    timeoutMs: number,
  ): Promise<SubscriptionView | undefined> {
    const known = this.trusted(subscriptionId);
    if (known || timeoutMs <= 0) {
      return known;
    }
    await new Promise<void>((resolve) => {
      const waiters = this.waiters.get(subscriptionId) ?? new Set<() => void>();
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) {
          this.waiters.delete(subscriptionId);
        }
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      waiters.add(done);
      this.waiters.set(subscriptionId, waiters);
    });
    return this.trusted(subscriptionId);
  }

  private wake(subscriptionId: string): void {
    for (const done of [...(this.waiters.get(subscriptionId) ?? [])]) {
      done();
    }
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
