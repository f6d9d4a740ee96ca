import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { waitFor } from '@callrecords/testing';

import { readExample } from '../testing/graph-reference';
import type { TestSimulator } from '../testing/test-simulator';
import { jsonInit, startTestSimulator } from '../testing/test-simulator';
import type { WebhookReceiver } from '../testing/webhook-receiver';
import { startWebhookReceiver } from '../testing/webhook-receiver';
import type { DeliveryRecord } from '../notifications/delivery-log';

let sim: TestSimulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  sim = await startTestSimulator({ retry: { baseDelayMs: 20, maxDelayMs: 50 }, batchWindowMs: 10 });
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(async () => {
  sim.simulator.reset();
  receiver = await startWebhookReceiver();
});

afterEach(async () => {
  await receiver.close();
});

async function subscribe(changeType = 'created,updated'): Promise<string> {
  const response = await sim.graph(
    '/v1.0/subscriptions',
    jsonInit({
      changeType,
      notificationUrl: `${receiver.url}/notifications?tenant=contoso`,
      lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
      resource: '/communications/callRecords',
      expirationDateTime: new Date(Date.now() + 60 * 60_000).toISOString(),
      clientState: 'client-state-123',
    }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

function seed(version: number): Promise<Response> {
  return sim.call(
    '/_sim/callRecords',
    jsonInit({ ...readExample('get-callrecord-basic.json'), version }),
  );
}

function deliveries(kind: string): DeliveryRecord[] {
  return sim.simulator.deliveries({ kind });
}

describe('change notifications', () => {
  it('posts a created notification with the clientState in Graph shape', async () => {
    const subscriptionId = await subscribe();

    await seed(1);
    const [notification] = await waitFor(
      () => receiver.notifications().length > 0 && receiver.notifications(),
    );

    expect(notification).toEqual({
      subscriptionId,
      clientState: 'client-state-123',
      changeType: 'created',
      resource: 'communications/callRecords/e523d2ed-2966-4b6b-925b-754a88034cc5',
      subscriptionExpirationDateTime: expect.any(String),
      resourceData: {
        '@odata.type': '#Microsoft.Graph.callRecord',
        '@odata.id': 'communications/callRecords/e523d2ed-2966-4b6b-925b-754a88034cc5',
        id: 'e523d2ed-2966-4b6b-925b-754a88034cc5',
      },
      tenantId: sim.started.tenantId,
    });
    expect(receiver.received.at(-1)?.path).toBe('/notifications');
  });

  it('posts updated for a higher version and nothing for the same version', async () => {
    await subscribe();

    await seed(1);
    await seed(2);
    await seed(2);
    await waitFor(() => receiver.notifications().length >= 2);
    await waitFor(() => deliveries('change').filter((d) => d.outcome === 'delivered').length >= 1);

    expect(receiver.notifications().map((n) => n['changeType'])).toEqual(['created', 'updated']);
  });

  it('sends an updated-only subscription the first sighting as updated', async () => {
    await subscribe('updated');

    await seed(1);

    const notifications = await waitFor(
      () => receiver.notifications().length > 0 && receiver.notifications(),
    );
    expect(notifications.map((n) => n['changeType'])).toEqual(['updated']);
  });

  it('retries a delivery the endpoint answered with 503 until it is accepted', async () => {
    await subscribe();
    let failures = 2;
    receiver.answerWith((request) =>
      request.validationToken === null && failures-- > 0 ? { status: 503 } : { status: 202 },
    );

    await seed(1);
    const delivered = await waitFor(() =>
      deliveries('change').find((d) => d.outcome === 'delivered'),
    );

    expect(delivered.attempt).toBe(3);
    expect(deliveries('change').filter((d) => d.outcome === 'failed')).toHaveLength(2);
  });

  it('drops a notification when a dropNotification fault is injected', async () => {
    await subscribe();
    await sim.call('/_sim/faults', jsonInit({ kind: 'dropNotification', count: 1 }));

    await seed(1);
    const dropped = await waitFor(() => deliveries('change').find((d) => d.outcome === 'dropped'));

    expect(dropped.error).toMatch(/injected/);
    expect(receiver.notifications()).toHaveLength(0);
  });
});

describe('lifecycle notifications', () => {
  it.each(['reauthorizationRequired', 'subscriptionRemoved', 'missed'])(
    'posts %s to the lifecycleNotificationUrl',
    async (lifecycleEvent) => {
      const subscriptionId = await subscribe();

      const response = await sim.call(
        '/_sim/lifecycle',
        jsonInit({ subscriptionId, lifecycleEvent }),
      );
      const [notification] = await waitFor(
        () => receiver.notifications().length > 0 && receiver.notifications(),
      );

      expect(response.status).toBe(202);
      expect(notification).toEqual({
        subscriptionId,
        subscriptionExpirationDateTime: expect.any(String),
        tenantId: sim.started.tenantId,
        clientState: 'client-state-123',
        lifecycleEvent,
      });
      expect(receiver.received.at(-1)?.path).toBe('/lifecycle');
    },
  );

  it('removes the subscription with subscriptionRemoved', async () => {
    const subscriptionId = await subscribe();

    await sim.call(
      '/_sim/lifecycle',
      jsonInit({ subscriptionId, lifecycleEvent: 'subscriptionRemoved' }),
    );

    expect((await sim.graph(`/v1.0/subscriptions/${subscriptionId}`)).status).toBe(404);
  });

  it('pauses notifications after reauthorizationRequired until the app reauthorizes', async () => {
    const subscriptionId = await subscribe();
    await sim.call(
      '/_sim/lifecycle',
      jsonInit({ subscriptionId, lifecycleEvent: 'reauthorizationRequired' }),
    );
    await seed(1);

    const reauthorized = await sim.graph(`/v1.0/subscriptions/${subscriptionId}/reauthorize`, {
      method: 'POST',
    });
    await seed(2);
    const changes = await waitFor(() => {
      const found = receiver.notifications().filter((n) => n['changeType']);
      return found.length > 0 && found;
    });

    expect(reauthorized.status).toBe(204);
    expect(changes.map((n) => n['changeType'])).toEqual(['updated']);
  });
});
