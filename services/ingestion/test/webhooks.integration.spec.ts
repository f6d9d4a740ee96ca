import { randomUUID } from 'node:crypto';

import {
  createEvent,
  encodeEvent,
  graphKey,
  hashClientState,
  SubscriptionLifecycleV1Definition,
} from '@callrecords/contracts';
import { createProducer } from '@callrecords/kafka';
import { uniqueName, waitFor } from '@callrecords/testing';
import { createSimulator } from '@callrecords/graph-simulator';
import type { SimulatorOptions } from '@callrecords/graph-simulator';

import type { RunningIngestion } from '../src/bootstrap';
import type { IngestionConfig } from '../src/config';
import type { SimSubscription } from './harness';
import type { SimHandle } from './harness';
import { simCall } from './harness';
import {
  boot,
  callRecordAt,
  readNotifications,
  simSubscriptions,
  testConfig,
  testKafka,
} from './harness';

async function startSim(options: SimulatorOptions): Promise<SimHandle> {
  const simulator = createSimulator({ ...options, httpPort: 0 });
  return { simulator, started: await simulator.start() };
}

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789abcdef';

describe('ingestion webhooks', () => {
  let sim: SimHandle;
  let config: IngestionConfig;
  let ingestion: RunningIngestion;
  let subscription: SimSubscription;

  beforeAll(async () => {
    sim = await startSim({ batchWindowMs: 10 });
    config = await testConfig(sim, {
      INGESTION_BODY_LIMIT_BYTES: String(64 * 1024),
      INGESTION_ADMIN_TOKEN: ADMIN_TOKEN,
    });
    ingestion = await boot(config);
    await ingestion.store.whenCaughtUp();
    await waitFor(() => ingestion.leadership.isLeader(), { description: 'leadership' });
    await ingestion.manager.tick();
    [subscription] = (await simSubscriptions(sim)) as [SimSubscription];
  }, 60_000);

  afterAll(async () => {
    await ingestion?.close();
    await sim?.simulator.stop();
  });

  const post = (path: string, body: string, type = 'application/json'): Promise<Response> =>
    fetch(`${ingestion.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('answers the validation handshake with the decoded token as plain text', async () => {
    const token = 'Validation: <b>token</b> & more';

    const response = await fetch(
      `${ingestion.url}/webhooks/call-records?validationToken=${encodeURIComponent(token)}`,
      { method: 'POST', headers: { 'content-type': 'text/plain' } },
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(token);
  });

  it('creates one subscription whose both URLs passed the handshake', () => {
    const validations = sim.simulator.deliveries({ kind: 'validation' });

    expect(subscription.id).toBeTruthy();
    expect(validations.filter((d) => d.outcome === 'delivered')).toHaveLength(2);
  });

  it('publishes a notified call record to Kafka, then answers 202', async () => {
    const id = uniqueName('record');

    sim.simulator.seedCallRecord(callRecordAt(id, new Date(Date.now() - 3_600_000)));

    const events = await waitFor(async () => {
      const all = await readNotifications(testKafka(config), ingestion.topics.notifications);
      return all.some((e) => e.payload.callRecordId === id) && all;
    });
    const event = events.find((e) => e.payload.callRecordId === id);
    expect(event).toMatchObject({
      tenantId: sim.started.tenantId,
      payload: { source: 'webhook', subscriptionId: subscription.id, changeType: 'created' },
    });
    const delivered = sim.simulator.deliveries({ kind: 'change', subscriptionId: subscription.id });
    expect(delivered.some((d) => d.status === 202)).toBe(true);
  });

  it('drops a notification with a wrong clientState and publishes nothing', async () => {
    const id = uniqueName('forged');
    const body = {
      value: [
        {
          subscriptionId: subscription.id,
          clientState: 'not-the-secret',
          tenantId: sim.started.tenantId,
          changeType: 'created',
          resource: `communications/callRecords/${id}`,
          resourceData: { id },
        },
      ],
    };

    const response = await post('/webhooks/call-records', JSON.stringify(body));

    expect(response.status).toBe(202);
    const metric = await ingestion.registry
      .getSingleMetric('callrecords_ingestion_notifications_dropped_total')
      ?.get();
    const dropped = metric?.values.find((v) => v.labels['reason'] === 'client-state-mismatch');
    expect(dropped?.value).toBe(1);
    const events = await readNotifications(testKafka(config), ingestion.topics.notifications);
    expect(events.some((e) => e.payload.callRecordId === id)).toBe(false);
  });

  it('accepts a notification whose subscription another replica created a moment before', async () => {
    // Graph delivers as soon as it answered the leader: here the notification comes first, and the
    // subscription's `created` event reaches this replica's store 300 ms later (as from another
    // replica leading). The webhook waits for it instead of dropping the notification.
    const subscriptionId = randomUUID();
    const clientState = 'client-state-of-a-subscription-created-elsewhere';
    const id = uniqueName('early');
    const body = {
      value: [
        {
          subscriptionId,
          clientState,
          tenantId: sim.started.tenantId,
          changeType: 'created',
          resource: `communications/callRecords/${id}`,
          resourceData: { id },
        },
      ],
    };
    const known = ingestion.store.lookup(subscription.id);
    if (!known) {
      throw new Error('the subscription made in beforeAll is not in the store');
    }
    const created = createEvent(SubscriptionLifecycleV1Definition, {
      tenantId: sim.started.tenantId,
      occurredAt: new Date().toISOString(),
      producedAt: new Date(),
      correlationId: randomUUID(),
      payload: {
        ...known.payload,
        subscriptionId,
        change: 'created',
        clientStateSha256: hashClientState(clientState),
        changedAt: new Date().toISOString(),
      },
    });
    const encoded = encodeEvent(SubscriptionLifecycleV1Definition, created);
    const producer = createProducer(testKafka(config));
    await producer.connect();
    const publishLater = new Promise<void>((resolve, reject) => {
      setTimeout(() => {
        producer
          .send([
            {
              topic: ingestion.topics.subscriptions,
              key: graphKey(sim.started.tenantId, subscriptionId),
              value: encoded.value,
              headers: encoded.headers,
            },
          ])
          .then(resolve, reject);
      }, 300);
    });

    const response = await post('/webhooks/call-records', JSON.stringify(body));
    await publishLater;
    await producer.disconnect();

    expect(response.status).toBe(202);
    const events = await readNotifications(testKafka(config), ingestion.topics.notifications);
    expect(events.find((e) => e.payload.callRecordId === id)).toMatchObject({
      tenantId: sim.started.tenantId,
      payload: { source: 'webhook', subscriptionId },
    });
  });

  it('drops a notification of a subscription it never learns of, after the bounded wait', async () => {
    const id = uniqueName('unknown');
    const body = {
      value: [
        {
          subscriptionId: randomUUID(),
          clientState: 'whatever',
          tenantId: sim.started.tenantId,
          changeType: 'created',
          resource: `communications/callRecords/${id}`,
          resourceData: { id },
        },
      ],
    };
    const started = performance.now();

    const response = await post('/webhooks/call-records', JSON.stringify(body));

    // INGESTION_UNKNOWN_SUBSCRIPTION_WAIT_MS (2,000 by default), under Graph's 3 s timeout.
    const waitedMs = performance.now() - started;
    expect(response.status).toBe(202);
    expect(waitedMs).toBeGreaterThanOrEqual(1_900);
    const metric = await ingestion.registry
      .getSingleMetric('callrecords_ingestion_notifications_dropped_total')
      ?.get();
    const dropped = metric?.values.find((v) => v.labels['reason'] === 'unknown-subscription');
    expect(dropped?.value).toBeGreaterThanOrEqual(1);
    const events = await readNotifications(testKafka(config), ingestion.topics.notifications);
    expect(events.some((e) => e.payload.callRecordId === id)).toBe(false);
  });

  it('answers 400 to malformed JSON', async () => {
    const response = await post('/webhooks/call-records', '{"value": [');

    expect(response.status).toBe(400);
  });

  it('answers 400 to JSON that is not a notification collection', async () => {
    const response = await post('/webhooks/call-records', '{"value": 42}');

    expect(response.status).toBe(400);
  });

  it('answers 413 to a body above the limit and keeps serving', async () => {
    const huge = JSON.stringify({ value: [], padding: 'x'.repeat(100 * 1024) });

    const response = await post('/webhooks/call-records', huge);
    const next = await fetch(`${ingestion.url}/health/live`);

    expect(response.status).toBe(413);
    expect(next.status).toBe(200);
  });

  it('backfills and renews after a missed lifecycle notification', async () => {
    const id = uniqueName('missed');
    sim.simulator.addFault({ kind: 'dropNotification', count: 1 });
    sim.simulator.seedCallRecord(callRecordAt(id, new Date(Date.now() - 60_000)));
    await waitFor(
      () => sim.simulator.deliveries({ kind: 'change', outcome: 'dropped' }).length > 0,
    );

    const lifecycle = await simCall(sim, '/_sim/lifecycle', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subscriptionId: subscription.id, lifecycleEvent: 'missed' }),
    });
    await waitFor(() => ingestion.store.lookup(subscription.id)?.change === 'missed', {
      description: `missed recorded; lifecycle deliveries ${JSON.stringify(sim.simulator.deliveries({ kind: 'lifecycle' }))}`,
    });
    await ingestion.manager.tick();

    expect(lifecycle.status).toBeLessThan(300);
    const events = await readNotifications(testKafka(config), ingestion.topics.notifications);
    expect(events.find((e) => e.payload.callRecordId === id)?.payload.source).toBe('backfill');
    expect(ingestion.store.lookup(subscription.id)?.change).toBe('renewed');
    // The earlier accepted notification was recorded on the missed and renewed events.
    expect(ingestion.store.lookup(subscription.id)?.payload.lastNotificationAt).toEqual(
      expect.any(String),
    );
  });

  it('refuses the admin backfill without the right bearer token', async () => {
    const response = await fetch(`${ingestion.url}/admin/backfill`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
      body: JSON.stringify({ tenantId: sim.started.tenantId, from: new Date(0), to: new Date() }),
    });

    expect(response.status).toBe(401);
  });

  it('backfills a window on demand through the admin endpoint', async () => {
    const start = new Date('2026-01-10T10:00:00.000Z');
    const ids = [uniqueName('admin'), uniqueName('admin')];
    ids.forEach((id, i) =>
      sim.simulator.seedCallRecord(callRecordAt(id, new Date(start.getTime() + i * 60_000))),
    );

    const response = await fetch(`${ingestion.url}/admin/backfill`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
      body: JSON.stringify({
        tenantId: sim.started.tenantId,
        from: start.toISOString(),
        to: new Date(start.getTime() + 3_600_000).toISOString(),
      }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ published: 2 });
    const events = await readNotifications(testKafka(config), ingestion.topics.notifications);
    const backfilled = events.filter((e) => e.payload.source === 'backfill');
    expect(ids.every((id) => backfilled.some((e) => e.payload.callRecordId === id))).toBe(true);
  });
});
