import type { SubscriptionLifecycleV1Payload } from '@callrecords/contracts';
import type { GraphSubscriptionClient } from '@callrecords/graph-client';
import type { Logger } from '@callrecords/service-kit';

import { listForWatched } from '../backfill/backfill.service';
import type { BackfillTrigger } from '../backfill/backfill.service';
import type { ReconcileAction } from '../domain/reconcile';
import { reconcileTenant, removedTenantActions, silentSince } from '../domain/reconcile';
import type { BackfillPolicy, BackfillWindow } from '../domain/renewal';
import { backfillWindowFrom } from '../domain/renewal';
import { currentSubscriptionOf, isLive, lastHealthyAt } from '../domain/subscription-state';
import type { WatchedUsers } from '../domain/watched-users';
import type { IngestionMetrics } from '../metrics';
import { LeadershipLostError } from './leadership';
import type { SubscriptionStore } from './subscription-store';

// The leader's comparison with Graph (domain/reconcile.ts decides, this shell lists and acts): when
// it starts leading and then every INGESTION_RECONCILE_INTERVAL_MS. Costs per tenant and run: one
// GET /subscriptions, plus one first-page List callRecords while the tenant is silent.

/** What the reconciler asks of the subscription manager (every change goes through the topic). */
export interface SubscriptionOperations {
  /** Throws LeadershipLostError unless this replica leads now: checked before each Graph change. */
  assertLeading(): void;
  create(tenantId: string, at: Date): Promise<void>;
  renew(tenantId: string, subscriptionId: string, at: Date): Promise<void>;
  publish(tenantId: string, change: SubscriptionLifecycleV1Payload): Promise<void>;
  queueBackfill(tenantId: string, window: BackfillWindow, trigger: BackfillTrigger): void;
}

/** A client for a tenant no longer configured (the main one refuses it), closed after use. */
export type FormerTenantGraph = (tenantId: string) => {
  readonly graph: GraphSubscriptionClient;
  close(): void;
};

export interface ReconcilerOptions {
  readonly tenantIds: readonly string[];
  readonly watchedUsers: WatchedUsers;
  readonly notificationUrl: string;
  readonly lifetimeMinutes: number;
  /** 0: only when a replica starts leading. */
  readonly intervalMs: number;
  readonly silenceThresholdMs: number;
  readonly backfillPolicy: BackfillPolicy;
  readonly graph: GraphSubscriptionClient;
  readonly formerTenantGraph: FormerTenantGraph;
  readonly store: SubscriptionStore;
  readonly metrics: IngestionMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

export class Reconciler {
  private lastRunAt: number | undefined;

  constructor(
    private readonly options: ReconcilerOptions,
    private readonly operations: SubscriptionOperations,
  ) {}

  /**
   * Reconciles every tenant when due (always when `starting`); returns the tenants where a create
   * must wait. A tenant that fails is retried at the next tick.
   */
  async run(at: Date, starting: boolean): Promise<ReadonlySet<string>> {
    const { intervalMs } = this.options;
    const elapsed = this.lastRunAt === undefined ? Infinity : at.getTime() - this.lastRunAt;
    const waiting = new Set<string>();
    if (!starting && (intervalMs === 0 || elapsed < intervalMs)) {
      return waiting;
    }
    let failed = false;
    for (const tenantId of this.options.tenantIds) {
      const actions = await this.attempt(tenantId, () => this.reconcileTenant(tenantId, at));
      failed ||= actions === undefined;
      if (actions?.some((action) => action.kind === 'wait')) {
        waiting.add(tenantId);
      }
    }
    // A removed tenant may have revoked consent: its failures wait for the next run, not the next tick.
    const removed = removedTenantActions(this.options.store.snapshot(), this.options.tenantIds, at);
    for (const action of removed) {
      await this.attempt(action.tenantId, () => this.apply(action, at));
    }
    this.lastRunAt = failed ? this.lastRunAt : at.getTime();
    return waiting;
  }

  private async attempt<T>(tenantId: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof LeadershipLostError) {
        this.options.logger.info({ tenantId }, 'leadership lost; reconcile left to the new leader');
        return undefined;
      }
      this.options.metrics.reconciliations.inc({ outcome: 'failed' });
      // Retried at the next tick: a warning, not an error.
      this.options.logger.warn({ err: error, tenantId }, 'reconcile failed; next tick retries');
      return undefined;
    }
  }

  private async reconcileTenant(tenantId: string, at: Date): Promise<ReconcileAction[]> {
    const { store, graph } = this.options;
    const listed = await graph.listSubscriptions(tenantId);
    const actions = reconcileTenant({
      state: store.snapshot(),
      tenantId,
      listed,
      notificationUrl: this.options.notificationUrl,
      lifetimeMinutes: this.options.lifetimeMinutes,
      now: at,
    });
    for (const action of actions) {
      await this.apply(action, at);
    }
    if (actions.length === 0) {
      this.options.metrics.reconciliations.inc({ outcome: 'in-sync' });
      await this.checkSilence(tenantId, at);
    }
    return actions;
  }

  // Graph may drop notifications without telling (libs/contracts/graph-reference/FACTS.md §7, `missed`): a tenant silent for
  // longer than the threshold while List shows calls started since then is treated as missed.
  private async checkSilence(tenantId: string, at: Date): Promise<void> {
    const { store, graph } = this.options;
    const current = currentSubscriptionOf(store.snapshot(), tenantId);
    if (current === undefined || !isLive(current, at)) {
      return;
    }
    const since = silentSince({
      current,
      lastNotificationAt: store.lastNotificationOf(tenantId),
      now: at,
      thresholdMs: this.options.silenceThresholdMs,
    });
    if (since === undefined) {
      return;
    }
    // Only the watched people's calls count: others' would never be notified (one request each).
    const started = await listForWatched(
      this.options.watchedUsers.get(tenantId),
      (participantId) => graph.listCallRecordsStartedSince(tenantId, since, participantId),
      true,
    );
    if (started.length === 0) {
      return;
    }
    this.operations.assertLeading();
    this.options.metrics.reconciliations.inc({ outcome: 'missed' });
    this.options.logger.warn(
      { tenantId, subscriptionId: current.subscriptionId, since, calls: started.length },
      'no notification while calls happened; treated as missed',
    );
    await this.operations.publish(tenantId, {
      ...current.payload,
      change: 'missed',
      changedAt: at.toISOString(),
    });
  }

  private async apply(action: ReconcileAction, at: Date): Promise<void> {
    const { metrics, logger } = this.options;
    const { tenantId, subscriptionId } = action;
    switch (action.kind) {
      case 'recreate':
        this.operations.assertLeading();
        await this.recreate(tenantId, subscriptionId, at);
        metrics.reconciliations.inc({ outcome: 'recreated' });
        return;
      case 'renew':
        await this.operations.renew(tenantId, subscriptionId, at);
        metrics.reconciliations.inc({ outcome: 'renewed' });
        logger.info({ tenantId, subscriptionId }, 'expiry differed from graph; renewed');
        return;
      case 'delete':
        this.operations.assertLeading();
        await this.delete(action, at);
        metrics.reconciliations.inc({ outcome: `deleted-${action.reason}` });
        return;
      case 'wait':
        metrics.reconciliations.inc({ outcome: 'waiting' });
        logger.info(
          { tenantId, subscriptionId },
          'unknown fresh subscription; next reconcile decides',
        );
        return;
    }
  }

  // Gone from Graph without a lifecycle notification: record it removed, create a new one, and list
  // from the last moment notifications were known to flow until the new one exists.
  private async recreate(tenantId: string, subscriptionId: string, at: Date): Promise<void> {
    const { store, logger } = this.options;
    const view = store.lookup(subscriptionId);
    if (view) {
      await this.operations.publish(tenantId, {
        ...view.payload,
        change: 'removed',
        changedAt: at.toISOString(),
      });
    }
    const since = lastHealthyAt(store.snapshot(), tenantId);
    await this.operations.create(tenantId, at);
    logger.warn({ tenantId, subscriptionId }, 'subscription missing on graph; recreated');
    const window = backfillWindowFrom(since, this.options.now(), this.options.backfillPolicy);
    if (window) {
      this.operations.queueBackfill(tenantId, window, 'reconcile');
    }
  }

  private async delete(action: Extract<ReconcileAction, { kind: 'delete' }>, at: Date) {
    const { tenantId, subscriptionId, reason } = action;
    if (reason === 'tenant-removed') {
      const former = this.options.formerTenantGraph(tenantId);
      try {
        await former.graph.deleteSubscription(tenantId, subscriptionId);
      } finally {
        former.close();
      }
    } else {
      await this.options.graph.deleteSubscription(tenantId, subscriptionId);
    }
    const view = this.options.store.lookup(subscriptionId);
    if (view) {
      await this.operations.publish(tenantId, {
        ...view.payload,
        change: 'deleted',
        changedAt: at.toISOString(),
      });
    }
    this.options.logger.info({ tenantId, subscriptionId, reason }, 'subscription deleted');
  }
}
