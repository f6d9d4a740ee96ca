import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { loadConfig } from '@callrecords/service-kit';

import { graphConfigSchema } from './graph.config';
import type { GraphSubscriptionClient } from './graph-subscriptions';
import { createGraphSubscriptionClient, SubscriptionNotFoundError } from './graph-subscriptions';
import { createTokenProvider } from './token-provider';
import type { TokenProvider } from './token-provider';

let simulator: Simulator;
let started: StartedSimulator;
let dir: string;
let receiver: Server;
let receiverUrl: string;
let tokens: TokenProvider;
let graph: GraphSubscriptionClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'graph-subscriptions-'));
  simulator = createSimulator({ caFile: join(dir, 'ca.pem') });
  started = await simulator.start();
  // Answers Graph's validation handshake (libs/contracts/graph-reference/FACTS.md 6) and accepts
  // notifications.
  receiver = createServer((request, response) => {
    const token = new URL(request.url ?? '/', 'http://x').searchParams.get('validationToken');
    response.writeHead(token === null ? 202 : 200, { 'content-type': 'text/plain' });
    response.end(token ?? '');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const config = loadConfig(graphConfigSchema, {
    GRAPH_TENANT_IDS: started.tenantId,
    GRAPH_CLIENT_ID: started.clientId,
    GRAPH_CLIENT_SECRET: started.clientSecret,
    GRAPH_AUTHORITY_HOST: started.authorityHost,
    GRAPH_BASE_URL: started.graphUrl,
    GRAPH_CA_FILE: join(dir, 'ca.pem'),
  });
  tokens = createTokenProvider(config);
  graph = createGraphSubscriptionClient(config, tokens);
});

afterAll(async () => {
  graph.close();
  tokens.close();
  receiver.close();
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

const inOneHour = (): Date => new Date(Date.now() + 60 * 60_000);

/** `count` calls `<prefix>-0`, `<prefix>-1`… starting one minute apart from `first`. */
function seedCallsEveryMinute(prefix: string, first: Date, count: number): void {
  for (let i = 0; i < count; i += 1) {
    const start = new Date(first.getTime() + i * 60_000).toISOString();
    simulator.seedCallRecord({
      id: `${prefix}-${i}`,
      version: 1,
      type: 'peerToPeer',
      modalities: ['audio'],
      lastModifiedDateTime: start,
      startDateTime: start,
      endDateTime: start,
    });
  }
}

describe(createGraphSubscriptionClient.name, () => {
  it('creates, renews and deletes a subscription; a renewal after delete is SubscriptionNotFoundError', async () => {
    const created = await graph.createSubscription(started.tenantId, {
      resource: '/communications/callRecords',
      changeType: 'created,updated',
      notificationUrl: `${receiverUrl}/n`,
      lifecycleNotificationUrl: `${receiverUrl}/l`,
      expirationDateTime: inOneHour(),
      clientState: 'secret',
    });
    const later = new Date(Date.now() + 2 * 60 * 60_000);

    const renewed = await graph.renewSubscription(started.tenantId, created.id, later);
    await graph.deleteSubscription(started.tenantId, created.id);
    await graph.deleteSubscription(started.tenantId, created.id);

    expect(created.lifecycleNotificationUrl).toBe(`${receiverUrl}/l`);
    expect(Date.parse(renewed.expirationDateTime)).toBe(later.getTime());
    await expect(
      graph.renewSubscription(started.tenantId, created.id, later),
    ).rejects.toBeInstanceOf(SubscriptionNotFoundError);
  });

  it('lists every call record of a window across pages, start inclusive and end exclusive', async () => {
    const from = new Date('2026-02-01T00:00:00.000Z');
    seedCallsEveryMinute('list', from, 131);

    const listed = await graph.listCallRecords(started.tenantId, {
      from,
      to: new Date(from.getTime() + 130 * 60_000),
    });

    expect(listed.map((r) => r.id).sort()).toEqual(
      Array.from({ length: 130 }, (_, i) => `list-${i}`).sort(),
    );
  });

  it('lists only the calls a participant took part in when a participant id is given', async () => {
    const start = new Date('2026-04-01T00:00:00.000Z');
    const withParticipant = (id: string, userId: string) => ({
      id,
      version: 1,
      type: 'peerToPeer',
      modalities: ['audio'],
      lastModifiedDateTime: start.toISOString(),
      startDateTime: start.toISOString(),
      endDateTime: start.toISOString(),
      participants_v2: [{ id: userId, identity: { user: { id: userId } } }],
    });
    simulator.seedCallRecord(
      withParticipant('watched-call', 'aaaaaaaa-0000-4000-8000-000000000001'),
    );
    simulator.seedCallRecord(withParticipant('other-call', 'aaaaaaaa-0000-4000-8000-000000000002'));

    const listed = await graph.listCallRecords(started.tenantId, {
      from: start,
      to: new Date(start.getTime() + 60_000),
      participantId: 'aaaaaaaa-0000-4000-8000-000000000001',
    });

    expect(listed.map((r) => r.id)).toEqual(['watched-call']);
  });

  it('lists the subscriptions of the app in the tenant', async () => {
    const created = await graph.createSubscription(started.tenantId, {
      resource: '/communications/callRecords',
      changeType: 'updated',
      notificationUrl: `${receiverUrl}/listed`,
      expirationDateTime: inOneHour(),
      clientState: 'secret',
    });

    const listed = await graph.listSubscriptions(started.tenantId);

    expect(listed.find((s) => s.id === created.id)).toEqual({
      id: created.id,
      resource: '/communications/callRecords',
      changeType: 'updated',
      notificationUrl: `${receiverUrl}/listed`,
      lifecycleNotificationUrl: undefined,
      expirationDateTime: created.expirationDateTime,
    });
  });

  it('lists only the first page of the calls started since a time', async () => {
    const from = new Date('2026-03-01T00:00:00.000Z');
    seedCallsEveryMinute('since', new Date(from.getTime() - 5 * 60_000), 70);

    const page = await graph.listCallRecordsStartedSince(started.tenantId, from);

    // 65 calls started at or after `from`; Graph's page holds 60 (libs/contracts/graph-reference/FACTS.md 9).
    expect(page).toHaveLength(60);
    expect(page.every((r) => Date.parse(r.startDateTime ?? '') >= from.getTime())).toBe(true);
  });
});
