import { describe, expect, it } from '@jest/globals';

import { createEvent, SubscriptionLifecycleV1Definition } from '@callrecords/contracts';
import type { SubscriptionChange, SubscriptionLifecycleV1 } from '@callrecords/contracts';
import { createKafkaClient } from '@callrecords/kafka';
import { createLogger, loadConfig } from '@callrecords/service-kit';

import { ingestionConfigSchema } from '../config';
import { SubscriptionStore } from './subscription-store';

// The store's folding and waiting, without Kafka: `start()` (the tail) is never called, so the
// client below never connects; events are handed to `apply` as the writer and the tail do.
const TENANT = '00000000-0000-4000-8000-000000000001';
const logger = createLogger({ service: 'ingestion', version: 'test', level: 'silent' });
const config = loadConfig(ingestionConfigSchema, {
  KAFKA_BROKERS: '127.0.0.1:9',
  GRAPH_TENANT_IDS: TENANT,
  GRAPH_CLIENT_ID: 'client',
  GRAPH_CLIENT_SECRET: 'secret',
});

function aStore(): SubscriptionStore {
  return new SubscriptionStore({
    kafka: createKafkaClient(config, { service: 'ingestion', logger }),
    topic: 'subscriptions',
    groupId: 'unused',
    logger,
  });
}

function event(id: string, change: SubscriptionChange, changedAt: string): SubscriptionLifecycleV1 {
  return createEvent(SubscriptionLifecycleV1Definition, {
    tenantId: TENANT,
    occurredAt: changedAt,
    producedAt: changedAt,
    correlationId: 'c',
    payload: {
      subscriptionId: id,
      change,
      expirationDateTime: '2026-12-04T00:00:00.000Z',
      resource: '/communications/callRecords',
      changeType: 'created,updated',
      notificationUrl: 'https://example.com/webhooks/call-records',
      clientStateSha256: 'b'.repeat(64),
      changedAt,
    },
  });
}

describe(SubscriptionStore.name, () => {
  it('folds each event once: the writer’s missed, read back after its renewal of the same instant, changes nothing', () => {
    const store = aStore();
    let lifecycleCalls = 0;
    store.onLifecycle = () => (lifecycleCalls += 1);
    const at = '2026-12-03T10:00:00.000Z';
    const missed = event('s1', 'missed', at);
    const renewed = event('s1', 'renewed', at);

    // The writer folds both as Kafka acknowledges them; the tail then reads both back.
    store.apply(missed);
    store.apply(renewed);
    store.apply(missed);
    store.apply(renewed);

    expect(store.lookup('s1')?.change).toBe('renewed');
    expect(lifecycleCalls).toBe(1);
  });

  it('trusts a subscription the leader just created before its event is folded, and only for webhooks', () => {
    const store = aStore();
    const created = event('s2', 'created', '2026-12-03T10:00:00.000Z');

    store.expect(created);

    expect(store.trusted('s2')?.clientStateSha256).toBe('b'.repeat(64));
    expect(store.lookup('s2')).toBeUndefined();
    expect(store.snapshot().subscriptions.has('s2')).toBe(false);
    store.apply(created);
    expect(store.lookup('s2')?.change).toBe('created');
  });

  it('wakes a webhook waiting for an unknown subscription as soon as its event is folded', async () => {
    const store = aStore();
    const started = performance.now();
    const waiting = store.whenKnown('s3', 2_000);

    setTimeout(() => store.apply(event('s3', 'created', '2026-12-03T10:00:00.000Z')), 100);
    const known = await waiting;

    expect(known?.subscriptionId).toBe('s3');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('gives up on a subscription it never learns of after the wait', async () => {
    const store = aStore();
    const started = performance.now();

    const known = await store.whenKnown('never', 300);

    expect(known).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });
});
