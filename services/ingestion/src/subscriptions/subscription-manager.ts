import { randomBytes, randomUUID } from 'node:crypto';

import {
  createEvent,
  encodeEvent,
  graphKey,
  hashClientState,
  SubscriptionLifecycleV1Definition,
} from '@callrecords/contracts';
import type { SubscriptionLifecycleV1Payload } from '@callrecords/contracts';
import { SubscriptionNotFoundError } from '@callrecords/graph-client';
import type { GraphSubscriptionClient } from '@callrecords/graph-client';
import type { EventProducer } from '@callrecords/kafka';
import type { Logger } from '@callrecords/service-kit';

import type { BackfillService, BackfillTrigger } from '../backfill/backfill.service';
import { mergeWindows } from '../domain/reconcile';
import type { BackfillPolicy, BackfillWindow, SubscriptionAction } from '../domain/renewal';
import { backfillWindowFrom, planSubscriptions, requestedExpiration } from '../domain/renewal';
import {
  currentSubscriptionOf,
  lastHealthyAt,
  subscriptionsOf,
} from '../domain/subscription-state';
import type { SubscriptionView } from '../domain/subscription-state';
import { subscriptionResourceOf } from '../domain/watched-users';
import type { WatchedUsers } from '../domain/watched-users';
import type { IngestionMetrics } from '../metrics';
import type { Leadership } from './leadership';
import { LeadershipLostError } from './leadership';
import type { FormerTenantGraph, SubscriptionOperations } from './reconciler';
import { Reconciler } from './reconciler';
import type { SubscriptionStore } from './subscription-store';

// The imperative shell around planSubscriptions: only the leader acts, one tick at a time. Every
// Graph change is published to the subscriptions topic (acks=-1) and folded locally at once.

/** Where Graph sends change and lifecycle notifications for a deployment at `publicUrl`. */
export function webhookUrls(publicUrl: string): { notification: string; lifecycle: string } {
  const base = publicUrl.replace(/\/+$/, '');
  return { notification: `${base}/webhooks/call-records`, lifecycle: `${base}/webhooks/lifecycle` };
}

export interface ReconcileSettings {
  readonly intervalMs: number;
  readonly silenceThresholdMs: number;
  readonly formerTenantGraph: FormerTenantGraph;
}

export interface SubscriptionManagerOptions {
  readonly tenantIds: readonly string[];
  /** Tenants that watch named people only (INGESTION_WATCHED_USERS); others watch everyone. */
  readonly watchedUsers: WatchedUsers;
  readonly publicUrl: string;
  readonly changeType: string;
  readonly lifetimeMinutes: number;
  readonly backfillPolicy: BackfillPolicy;
  readonly topic: string;
  readonly graph: GraphSubscriptionClient;
  readonly producer: EventProducer;
  readonly store: SubscriptionStore;
  readonly leadership: Leadership;
  readonly backfill: BackfillService;
  readonly metrics: IngestionMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly reconcile: ReconcileSettings;
}

export class SubscriptionManager implements SubscriptionOperations {
  private running: Promise<void> | undefined;
  private leading = false;
  private readonly pendingBackfills = new Map<string, [BackfillWindow, BackfillTrigger]>();
  private readonly reconciler: Reconciler;

  constructor(private readonly options: SubscriptionManagerOptions) {
    this.reconciler = new Reconciler(
      {
        ...options,
        ...options.reconcile,
        notificationUrl: webhookUrls(options.publicUrl).notification,
      },
      this,
    );
  }

  /** One scheduler step; concurrent calls share the step in progress. */
  tick(): Promise<void> {
    this.running ??= this.step().finally(() => (this.running = undefined));
    return this.running;
  }

  private async step(): Promise<void> {
    const { leadership, store, now } = this.options;
    if (!leadership.isLeader() || !store.caughtUp) {
      this.leading = false;
      return;
    }
    const at = now();
    const plan = (): SubscriptionAction[] =>
      planSubscriptions({
        state: store.snapshot(),
        tenantIds: this.options.tenantIds,
        now: at,
        backfill: this.options.backfillPolicy,
        resourceOf: (tenantId) => this.resourceOf(tenantId),
      });
    const starting = !this.leading;
    if (starting) {
      this.leading = true;
      this.queueStartupBackfills(plan(), at);
    }
    // Graph first: the plan then starts from a memory that agrees with it.
    const waiting = await this.reconciler.run(at, starting);
    if (!leadership.isLeader()) {
      this.leading = false;
      return;
    }
    for (const action of plan()) {
      if (action.kind === 'create' && waiting.has(action.tenantId)) {
        continue;
      }
      await this.guarded(action.tenantId, () => this.execute(action, at));
    }
    for (const [tenantId, [window, trigger]] of [...this.pendingBackfills]) {
      await this.guarded(tenantId, async () => {
        await this.options.backfill.run(tenantId, window, trigger);
        this.pendingBackfills.delete(tenantId);
      });
    }
  }

  // Whoever starts leading cannot know how long nobody listened: list since the last healthy moment.
  private queueStartupBackfills(actions: readonly SubscriptionAction[], at: Date): void {
    const state = this.options.store.snapshot();
    for (const tenantId of this.options.tenantIds) {
      const covered = actions.some((a) => a.tenantId === tenantId && a.backfill !== undefined);
      const window = backfillWindowFrom(
        lastHealthyAt(state, tenantId),
        at,
        this.options.backfillPolicy,
      );
      if (!covered && window && currentSubscriptionOf(state, tenantId)) {
        this.pendingBackfills.set(tenantId, [window, 'startup']);
      }
    }
  }

  private async guarded(tenantId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (error instanceof LeadershipLostError) {
        this.leading = false;
        this.options.logger.info({ tenantId }, 'leadership lost; the new leader takes over');
        return;
      }
      this.options.metrics.renewals.inc({ outcome: 'failed' });
      this.options.logger.warn(
        { err: error, tenantId },
        'subscription step failed; next tick retries',
      );
    }
  }

  assertLeading(): void {
    if (!this.options.leadership.isLeader()) {
      throw new LeadershipLostError();
    }
  }

  renew(tenantId: string, subscriptionId: string, at: Date): Promise<void> {
    return this.execute({ kind: 'renew', tenantId, subscriptionId }, at);
  }

  queueBackfill(tenantId: string, window: BackfillWindow, trigger: BackfillTrigger): void {
    const pending = this.pendingBackfills.get(tenantId)?.[0];
    this.pendingBackfills.set(tenantId, [mergeWindows(pending, window), trigger]);
  }

  private resourceOf(tenantId: string): string {
    return subscriptionResourceOf(this.options.watchedUsers.get(tenantId));
  }

  private async execute(action: SubscriptionAction, at: Date): Promise<void> {
    if (action.kind === 'replace') {
      await this.replace(action, at);
      return;
    }
    if (action.kind === 'create') {
      // Read before creating: afterwards the newest change is our own `created`.
      const [latest] = subscriptionsOf(this.options.store.snapshot(), action.tenantId);
      await this.create(action.tenantId, at);
      if (action.backfill) {
        const trigger = latest?.change === 'removed' ? 'removed' : 'expired';
        this.pendingBackfills.set(action.tenantId, [action.backfill, trigger]);
      }
      return;
    }
    const current = this.options.store.lookup(action.subscriptionId);
    if (action.backfill) {
      // `missed`: list first; the renewal after it records that the tenant is healthy again.
      await this.options.backfill.run(action.tenantId, action.backfill, 'missed');
    }
    try {
      this.assertLeading();
      const renewed = await this.options.graph.renewSubscription(
        action.tenantId,
        action.subscriptionId,
        requestedExpiration(at, this.options.lifetimeMinutes),
      );
      if (current) {
        await this.publish(action.tenantId, {
          ...current.payload,
          change: 'renewed',
          expirationDateTime: renewed.expirationDateTime,
          changedAt: at.toISOString(),
        });
      }
      this.options.metrics.renewals.inc({ outcome: 'renewed' });
    } catch (error) {
      if (!(error instanceof SubscriptionNotFoundError) || !current) {
        throw error;
      }
      await this.recreateNotFound(action.tenantId, current, at);
    }
  }

  // The watched people changed: the new subscription first, so no call falls between the two.
  private async replace(action: Extract<SubscriptionAction, { kind: 'replace' }>, at: Date) {
    const { tenantId, subscriptionId } = action;
    const old = this.options.store.lookup(subscriptionId);
    await this.create(tenantId, at);
    this.assertLeading();
    await this.options.graph.deleteSubscription(tenantId, subscriptionId);
    if (old) {
      await this.publish(tenantId, {
        ...old.payload,
        change: 'deleted',
        changedAt: at.toISOString(),
      });
    }
    if (action.backfill) {
      this.pendingBackfills.set(tenantId, [action.backfill, 'missed']);
    }
    this.options.metrics.renewals.inc({ outcome: 'replaced' });
    this.options.logger.info({ tenantId, subscriptionId }, 'watched people changed; replaced');
  }

  // Graph no longer knows it (expired, deleted, removed): record that, recreate, list the gap.
  private async recreateNotFound(tenantId: string, current: SubscriptionView, at: Date) {
    this.options.metrics.renewals.inc({ outcome: 'not-found' });
    const window = backfillWindowFrom(
      lastHealthyAt(this.options.store.snapshot(), tenantId),
      at,
      this.options.backfillPolicy,
    );
    await this.publish(tenantId, {
      ...current.payload,
      change: 'removed',
      changedAt: at.toISOString(),
    });
    await this.create(tenantId, at);
    if (window) {
      this.pendingBackfills.set(tenantId, [window, 'removed']);
    }
  }

  async create(tenantId: string, at: Date): Promise<void> {
    const { changeType } = this.options;
    this.assertLeading();
    // A fresh 256-bit secret per subscription; only its hash ever leaves this function.
    const clientState = randomBytes(32).toString('base64url');
    const urls = webhookUrls(this.options.publicUrl);
    const notificationUrl = urls.notification;
    const lifecycleNotificationUrl = urls.lifecycle;
    const resource = this.resourceOf(tenantId);
    const created = await this.options.graph.createSubscription(tenantId, {
      resource,
      changeType,
      notificationUrl,
      lifecycleNotificationUrl,
      expirationDateTime: requestedExpiration(at, this.options.lifetimeMinutes),
      clientState,
    });
    await this.publish(tenantId, {
      subscriptionId: created.id,
      change: 'created',
      expirationDateTime: created.expirationDateTime,
      resource,
      changeType,
      notificationUrl,
      lifecycleNotificationUrl,
      clientStateSha256: hashClientState(clientState),
      changedAt: at.toISOString(),
    });
    this.options.metrics.renewals.inc({ outcome: 'created' });
    this.options.logger.info({ tenantId, subscriptionId: created.id }, 'subscription created');
  }

  /** Publishes a change of a subscription (acks=-1), then folds it locally. */
  async publish(tenantId: string, change: SubscriptionLifecycleV1Payload): Promise<void> {
    // Every renew/lifecycle event also records the latest notification seen of the subscription.
    const payload = this.options.store.withLastNotification(change);
    const event = createEvent(SubscriptionLifecycleV1Definition, {
      tenantId,
      occurredAt: payload.changedAt,
      producedAt: this.options.now(),
      correlationId: randomUUID(),
      payload,
    });
    const encoded = encodeEvent(SubscriptionLifecycleV1Definition, event);
    if (payload.change === 'created') {
      // Graph may deliver for it before Kafka acknowledges the event: its notifications are ours.
      this.options.store.expect(event);
    }
    await this.options.producer.send([
      {
        topic: this.options.topic,
        key: graphKey(tenantId, payload.subscriptionId),
        value: encoded.value,
        headers: encoded.headers,
      },
    ]);
    this.options.store.apply(event);
  }
}
