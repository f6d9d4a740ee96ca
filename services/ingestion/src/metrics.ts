import { Counter, Gauge, Histogram } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

import type { DropReason } from './domain/notification-check';

/** Every counter of the service (`callrecords_ingestion_*`); labels are bounded enums. */
export class IngestionMetrics {
  readonly received: Counter<'endpoint'>;
  readonly published: Counter<'source'>;
  readonly dropped: Counter<'reason'>;
  readonly rejected: Counter<'status'>;
  readonly webhookSeconds: Histogram<'endpoint' | 'status'>;
  readonly renewals: Counter<'outcome'>;
  readonly backfillRecords: Counter<'trigger'>;
  readonly backfillRuns: Counter<'trigger' | 'outcome'>;
  readonly reconciliations: Counter<'outcome'>;

  constructor(private readonly registry: Registry) {
    const registers = [registry];
    this.received = new Counter({
      name: 'callrecords_ingestion_notifications_received_total',
      help: 'Notifications in webhook bodies, by endpoint (change, lifecycle)',
      labelNames: ['endpoint'],
      registers,
    });
    this.published = new Counter({
      name: 'callrecords_ingestion_notifications_published_total',
      help: 'NotificationReceivedV1 events acknowledged by Kafka, by source (webhook, backfill)',
      labelNames: ['source'],
      registers,
    });
    this.dropped = new Counter({
      name: 'callrecords_ingestion_notifications_dropped_total',
      help: 'Notifications refused and never published, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.rejected = new Counter({
      name: 'callrecords_ingestion_webhook_rejected_total',
      help: 'Webhook requests answered 4xx/5xx, by status (5xx: Graph retries)',
      labelNames: ['status'],
      registers,
    });
    this.webhookSeconds = new Histogram({
      name: 'callrecords_ingestion_webhook_duration_seconds',
      help: 'Webhook handling time (Graph allows 3 s; above 2.9 s counts as slow)',
      labelNames: ['endpoint', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.9, 5],
      registers,
    });
    this.renewals = this.subscriptionCounter(registry);
    this.backfillRecords = new Counter({
      name: 'callrecords_ingestion_backfill_records_total',
      help: 'Call records listed and published by backfill, by trigger',
      labelNames: ['trigger'],
      registers,
    });
    this.backfillRuns = new Counter({
      name: 'callrecords_ingestion_backfill_runs_total',
      help: 'Backfill runs by trigger (startup, missed, removed, expired, reconcile, admin) and outcome',
      labelNames: ['trigger', 'outcome'],
      registers,
    });
    this.reconciliations = this.reconcileCounter(registry);
  }

  private reconcileCounter(registry: Registry): Counter<'outcome'> {
    return new Counter({
      name: 'callrecords_ingestion_reconciliations_total',
      help: 'Reconcile results per tenant by outcome (in-sync, recreated, renewed, deleted-*, waiting, missed, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  /** Seconds since the newest change notification known, per configured tenant (none before one). */
  watchSilence(
    tenantIds: readonly string[],
    lastNotificationAt: (tenantId: string) => string | undefined,
  ): void {
    new Gauge({
      name: 'callrecords_ingestion_notification_silence_seconds',
      help: 'Seconds since the last change notification this replica knows of, per tenant',
      labelNames: ['tenant'],
      registers: [this.registry],
      collect(): void {
        for (const tenant of tenantIds) {
          const last = lastNotificationAt(tenant);
          if (last !== undefined) {
            this.set({ tenant }, (Date.now() - Date.parse(last)) / 1000);
          }
        }
      },
    });
  }

  private subscriptionCounter(registry: Registry): Counter<'outcome'> {
    return new Counter({
      name: 'callrecords_ingestion_subscription_renewals_total',
      help: 'Subscription operations by outcome (created, renewed, not-found, failed)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  drop(reason: DropReason, count = 1): void {
    this.dropped.inc({ reason }, count);
  }
}
