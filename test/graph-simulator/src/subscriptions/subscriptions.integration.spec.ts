import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import { DEMO_TENANT_ID, ROLE_CALL_RECORDS } from '../simulator.constants';
import type { TestSimulator } from '../testing/test-simulator';
import { jsonInit, startTestSimulator } from '../testing/test-simulator';
import type { WebhookReceiver } from '../testing/webhook-receiver';
import { startWebhookReceiver } from '../testing/webhook-receiver';

let sim: TestSimulator;
let receiver: WebhookReceiver;

// A second app registration with the same role: Graph scopes subscriptions to the app.
const OTHER_APP = {
  clientId: '00000000-0000-4000-8000-0000000000d1',
  secret: 'other-app-secret',
};

beforeAll(async () => {
  sim = await startTestSimulator({
    validationTimeoutMs: 300,
    apps: [
      {
        clientId: OTHER_APP.clientId,
        displayName: 'another deployment',
        secrets: [OTHER_APP.secret],
        certificates: [],
        roles: [ROLE_CALL_RECORDS],
        tenants: [DEMO_TENANT_ID],
      },
    ],
  });
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

function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

function subscriptionBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    changeType: 'created,updated',
    notificationUrl: `${receiver.url}/notifications`,
    lifecycleNotificationUrl: `${receiver.url}/lifecycle`,
    resource: '/communications/callRecords',
    expirationDateTime: inMinutes(4000),
    clientState: 'secret-state',
    ...overrides,
  };
}

function createSubscription(overrides: Record<string, unknown> = {}): Promise<Response> {
  return sim.graph('/v1.0/subscriptions', jsonInit(subscriptionBody(overrides)));
}

describe('subscription validation handshake', () => {
  it('creates the subscription when both URLs echo the URL-decoded token as text/plain', async () => {
    const response = await createSubscription();

    const body = (await response.json()) as Record<string, unknown>;
    expect(response.status).toBe(201);
    expect(body).toMatchObject({
      resource: '/communications/callRecords',
      changeType: 'created,updated',
      clientState: 'secret-state',
    });
    expect(receiver.received.map((request) => request.path)).toEqual([
      '/notifications',
      '/lifecycle',
    ]);
    expect(receiver.received[0]?.validationToken).toMatch(/^Validation: /);
  });

  it('fails with 400 when the endpoint echoes the token still URL-encoded', async () => {
    receiver.answerWith((request) => ({
      status: 200,
      contentType: 'text/plain',
      body: encodeURIComponent(request.validationToken ?? ''),
    }));

    const response = await createSubscription();

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringMatching(/validation request failed/) },
    });
  });

  it('fails with 400 when the endpoint answers 500', async () => {
    receiver.answerWith(() => ({ status: 500 }));

    const response = await createSubscription();

    expect(response.status).toBe(400);
  });

  it('fails with 400 when the endpoint does not answer within the validation timeout', async () => {
    receiver.answerWith(() => 'hang');

    const response = await createSubscription();

    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { message: 'Subscription validation request timed out.' },
    });
  });
});

describe('subscription rules', () => {
  it.each([
    ['an expiration beyond 4,230 minutes', { expirationDateTime: inMinutes(4300) }],
    ['a non-loopback http notification URL', { notificationUrl: 'http://example.com/hook' }],
    ['changeType deleted', { changeType: 'deleted' }],
    ['a clientState longer than 128 characters', { clientState: 'x'.repeat(129) }],
    ['another resource', { resource: '/me/messages' }],
  ])('refuses %s with 400', async (_name, overrides) => {
    const response = await createSubscription(overrides);

    expect(response.status).toBe(400);
  });

  it('raises an expiration under 45 minutes to 45 minutes', async () => {
    const response = await createSubscription({ expirationDateTime: inMinutes(5) });

    const body = (await response.json()) as { expirationDateTime: string };
    expect(Date.parse(body.expirationDateTime)).toBeGreaterThanOrEqual(Date.now() + 44 * 60_000);
  });

  it('renews with PATCH and deletes with DELETE', async () => {
    const created = (await (await createSubscription()).json()) as { id: string };
    const path = `/v1.0/subscriptions/${created.id}`;

    const renewed = await sim.graph(
      path,
      jsonInit({ expirationDateTime: inMinutes(4200) }, 'PATCH'),
    );
    const deleted = await sim.graph(path, { method: 'DELETE' });
    const after = await sim.graph(path);

    expect(renewed.status).toBe(200);
    expect(deleted.status).toBe(204);
    expect(after.status).toBe(404);
  });

  it('refuses to PATCH a lifecycleNotificationUrl in', async () => {
    const created = (await (
      await createSubscription({ lifecycleNotificationUrl: null })
    ).json()) as { id: string };

    const response = await sim.graph(
      `/v1.0/subscriptions/${created.id}`,
      jsonInit({ lifecycleNotificationUrl: `${receiver.url}/x` }, 'PATCH'),
    );

    expect(response.status).toBe(400);
  });

  it('forgets a subscription expired through the control API', async () => {
    const created = (await (await createSubscription()).json()) as { id: string };

    await sim.call(`/_sim/subscriptions/${created.id}/expire`, { method: 'POST' });
    const response = await sim.graph(`/v1.0/subscriptions/${created.id}`);

    expect(response.status).toBe(404);
  });
});

describe('subscriptions of the calling app', () => {
  it('lists only the subscriptions the calling app created', async () => {
    const ours = (await (await createSubscription()).json()) as { id: string };
    const otherToken = await sim.token(OTHER_APP);
    await sim.graph('/v1.0/subscriptions', { ...jsonInit(subscriptionBody()), token: otherToken });

    const listed = (await (await sim.graph('/v1.0/subscriptions')).json()) as {
      value: { id: string }[];
    };

    expect(listed.value.map((subscription) => subscription.id)).toEqual([ours.id]);
  });

  it("answers 404 to another app's DELETE of a subscription", async () => {
    const ours = (await (await createSubscription()).json()) as { id: string };
    const otherToken = await sim.token(OTHER_APP);

    const response = await sim.graph(`/v1.0/subscriptions/${ours.id}`, {
      method: 'DELETE',
      token: otherToken,
    });

    expect(response.status).toBe(404);
    expect((await sim.graph(`/v1.0/subscriptions/${ours.id}`)).status).toBe(200);
  });

  it('deletes a subscription silently through the control API: gone, and no lifecycle POST', async () => {
    const created = (await (await createSubscription()).json()) as { id: string };
    const before = receiver.received.length;

    const deleted = await sim.call(`/_sim/subscriptions/${created.id}`, { method: 'DELETE' });
    const listed = (await (await sim.graph('/v1.0/subscriptions')).json()) as { value: unknown[] };

    expect(deleted.status).toBe(204);
    expect(listed.value).toEqual([]);
    expect(sim.simulator.deliveries({ kind: 'lifecycle' })).toEqual([]);
    expect(receiver.received).toHaveLength(before);
  });
});
