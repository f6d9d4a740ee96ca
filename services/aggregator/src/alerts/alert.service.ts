import { createHash } from 'node:crypto';

import {
  AlertRaisedV1Definition,
  createEvent,
  encodeEvent,
  prefixedTopic,
  TOPICS,
} from '@callrecords/contracts';
import type { EventProducer } from '@callrecords/kafka';
import { Counter } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { AlertCandidate } from '../domain/alert-rules';
import type { RollupStoreRepository } from '../rollups/rollup-store.repository';
import { postAlert } from './alert-webhook.client';
import type { WebhookOptions } from './alert-webhook.client';

export interface AlertServiceDeps {
  readonly store: RollupStoreRepository;
  readonly producer: EventProducer;
  readonly topicPrefix: string;
  readonly webhook: WebhookOptions | undefined;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly now: () => Date;
}

/**
 * Raises each alert once per de-duplication key: to the alerts topic, then to the webhook, then
 * marked raised. A crash before the mark raises it again (at least once); the event id is derived
 * from the key, so a reader can drop the repeat.
 */
const KNOWN_RAISED_LIMIT = 100_000;

export class AlertService {
  private readonly raised: Counter;
  private readonly webhookDeliveries: Counter;
  private readonly topic: string;
  private readonly known = new Set<string>();

  constructor(private readonly deps: AlertServiceDeps) {
    this.topic = prefixedTopic(TOPICS.alerts, deps.topicPrefix).name;
    this.raised = new Counter({
      name: 'callrecords_aggregator_alerts_raised_total',
      help: 'Alerts raised, by rule',
      labelNames: ['rule'],
      registers: [deps.registry],
    });
    this.webhookDeliveries = new Counter({
      name: 'callrecords_aggregator_webhook_deliveries_total',
      help: 'Alert webhook deliveries, by result (delivered, failed)',
      labelNames: ['result'],
      registers: [deps.registry],
    });
  }

  async raise(candidates: readonly AlertCandidate[]): Promise<void> {
    const unique = [...new Map(candidates.map((c) => [c.dedupeKey, c])).values()].filter(
      (c) => !this.known.has(c.dedupeKey),
    );
    const already = await this.deps.store.raisedAlerts(unique.map((c) => c.dedupeKey));
    already.forEach((key) => this.remember(key));
    const fresh = unique.filter((c) => !already.has(c.dedupeKey));
    if (fresh.length === 0) {
      return;
    }
    const now = this.deps.now();
    await this.deps.producer.send(fresh.map((c) => this.toMessage(c, now)));
    if (this.deps.webhook) {
      await Promise.all(fresh.map((c) => this.deliver(c)));
    }
    await this.deps.store.markAlertsRaised(
      fresh.map((c) => ({
        dedupeKey: c.dedupeKey,
        doc: {
          tenantId: c.tenantId,
          rule: c.rule,
          key: c.key,
          raisedAt: now.toISOString(),
          eventId: alertEventId(c),
        },
      })),
    );
    for (const c of fresh) {
      this.remember(c.dedupeKey);
      this.raised.inc({ rule: c.rule });
      this.deps.logger.info(
        { rule: c.rule, tenantId: c.tenantId, alertId: alertEventId(c) },
        'alert raised',
      );
    }
  }

  // Keys known raised skip the index lookup; bounded (forgotten keys are looked up again).
  private remember(dedupeKey: string): void {
    if (this.known.size >= KNOWN_RAISED_LIMIT) {
      this.known.clear();
    }
    this.known.add(dedupeKey);
  }

  private toMessage(c: AlertCandidate, now: Date) {
    const event = createEvent(AlertRaisedV1Definition, {
      id: alertEventId(c),
      tenantId: c.tenantId,
      correlationId: c.dedupeKey.slice(0, 200),
      occurredAt: c.window.end,
      producedAt: now,
      payload: {
        rule: c.rule,
        ruleVersion: c.ruleVersion,
        key: c.key,
        window: c.window,
        severity: c.severity,
        details: { ...c.details },
        raisedAt: now.toISOString(),
      },
    });
    const encoded = encodeEvent(AlertRaisedV1Definition, event);
    return {
      topic: this.topic,
      key: TOPICS.alerts.key(event),
      value: encoded.value,
      headers: encoded.headers,
    };
  }

  private async deliver(c: AlertCandidate): Promise<void> {
    const result = await postAlert(c, this.deps.webhook as WebhookOptions);
    this.webhookDeliveries.inc({ result: result.delivered ? 'delivered' : 'failed' });
    if (!result.delivered) {
      // The alert is on the topic already; a broken webhook must not stall the rollups.
      this.deps.logger.warn(
        { rule: c.rule, attempts: result.attempts, reason: result.reason },
        'alert webhook failed',
      );
    }
  }
}

/** A UUID (version 8, name-based) from the de-duplication key: the same alert has the same id. */
export function alertEventId(c: Pick<AlertCandidate, 'dedupeKey'>): string {
  const hex = createHash('sha256').update(c.dedupeKey).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
