import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { decodeEvent, NotificationReceivedV1Definition } from '@callrecords/contracts';
import type { NotificationReceivedV1 } from '@callrecords/contracts';
import { createKafkaClient } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import { createLogger, loadConfig } from '@callrecords/service-kit';

import { startIngestion } from '../src/bootstrap';
import type { IngestionDeps, RunningIngestion } from '../src/bootstrap';
import { ingestionConfigSchema } from '../src/config';
import type { IngestionConfig } from '../src/config';

// Boots the real service in-process against real Kafka and the Graph simulator. Not a spec, so it
// uses neither @callrecords/testing nor the simulator package (lint): specs pass those in.

/** The part of the simulator the helpers use (specs start it with createSimulator). */
export interface SimHandle {
  readonly started: {
    readonly graphUrl: string;
    readonly httpUrl: string | undefined;
    readonly caPem: string;
    readonly tenantId: string;
    readonly secondTenantId: string;
    readonly clientId: string;
    readonly clientSecret: string;
  };
  readonly simulator: {
    seedCallRecord(record: Record<string, unknown>): unknown;
    deliveries(query?: { kind?: string; subscriptionId?: string; outcome?: string }): {
      readonly batchId: string;
      readonly outcome: string;
      readonly status: number | undefined;
    }[];
    addFault(body: Record<string, unknown>): string;
    stop(): Promise<void>;
  };
}

export function uniqueName(base: string): string {
  return `${base}-${randomBytes(5).toString('hex')}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** fetch against the simulator's plain-HTTP listener. */
export function simCall(sim: SimHandle, path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${sim.started.httpUrl ?? ''}${path}`, init);
}

/** A Graph request with a token of the demo app. */
export async function simGraph(sim: SimHandle, path: string): Promise<Response> {
  const tokenResponse = await simCall(sim, `/${sim.started.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.started.clientId,
      client_secret: sim.started.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  return simCall(sim, path, { headers: { authorization: `Bearer ${token}` } });
}

export const silentLogger = createLogger({
  service: 'ingestion-test',
  version: '0',
  level: 'silent',
});

/** A clock the test moves; the scheduler reads it, Kafka and HTTP keep real time. */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export function testConfig(
  sim: SimHandle,
  overrides: Record<string, string> = {},
): Promise<IngestionConfig> {
  const caFile = join(tmpdir(), `${uniqueName('ingestion-ca')}.pem`);
  writeFileSync(caFile, sim.started.caPem);
  return freePort().then((port) =>
    loadConfig(ingestionConfigSchema, {
      KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
      KAFKA_TOPIC_PREFIX: `${uniqueName('ingestion')}.`,
      GRAPH_TENANT_IDS: sim.started.tenantId,
      GRAPH_CLIENT_ID: sim.started.clientId,
      GRAPH_CLIENT_SECRET: sim.started.clientSecret,
      GRAPH_AUTHORITY_HOST: sim.started.graphUrl,
      GRAPH_BASE_URL: sim.started.graphUrl,
      GRAPH_CA_FILE: caFile,
      INGESTION_PORT: String(port),
      INGESTION_PUBLIC_URL: `http://127.0.0.1:${port}`,
      INGESTION_SCHEDULER_INTERVAL_MS: '0',
      LOG_LEVEL: 'silent',
      ...overrides,
    }),
  );
}

export function boot(config: IngestionConfig, deps: IngestionDeps = {}): Promise<RunningIngestion> {
  return startIngestion(config, { logger: silentLogger, ...deps });
}

export function testKafka(config: IngestionConfig): Kafka {
  return createKafkaClient(config, { service: 'ingestion-test', logger: silentLogger });
}

/** Every NotificationReceivedV1 in the topic right now (reads up to the high watermarks). */
export async function readNotifications(
  kafka: Kafka,
  topic: string,
): Promise<NotificationReceivedV1[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const pending = new Map(
    offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]),
  );
  const events: NotificationReceivedV1[] = [];
  if (pending.size === 0) {
    return events;
  }
  const consumer = kafka.consumer({
    groupId: uniqueName('ingestion-reader'),
    maxWaitTimeInMs: 100,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: ({ partition, message }) => {
        const target = pending.get(partition);
        if (target !== undefined && Number(message.offset) < target) {
          events.push(
            decodeEvent(NotificationReceivedV1Definition, message.value, message.headers ?? {}),
          );
          if (Number(message.offset) + 1 >= target) {
            pending.delete(partition);
          }
        }
        if (pending.size === 0) {
          resolve();
        }
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return events;
}

/** A call record (as the simulator serves it) that started `minutesAgo` before `now`. */
export function callRecordAt(id: string, start: Date): Record<string, unknown> {
  const end = new Date(start.getTime() + 5 * 60_000);
  return {
    id,
    version: 1,
    type: 'peerToPeer',
    modalities: ['audio'],
    lastModifiedDateTime: end.toISOString(),
    startDateTime: start.toISOString(),
    endDateTime: end.toISOString(),
    joinWebUrl: null,
    organizer_v2: null,
    sessions: [],
    participants_v2: [],
  };
}

export interface SimSubscription {
  readonly id: string;
  readonly expirationDateTime: string;
}

/** The simulator's live subscriptions of the demo tenant (GET /v1.0/subscriptions). */
export async function simSubscriptions(sim: SimHandle): Promise<SimSubscription[]> {
  const response = await simGraph(sim, '/v1.0/subscriptions');
  const body = (await response.json()) as { value: SimSubscription[] };
  return body.value;
}

/** How many requests of a method hit a path pattern (simulator request log). */
export async function requestCount(sim: SimHandle, method: string, path: RegExp): Promise<number> {
  const response = await simCall(sim, '/_sim/requests');
  const body = (await response.json()) as { requests?: { method: string; path: string }[] };
  return (body.requests ?? []).filter((r) => r.method === method && path.test(r.path)).length;
}

/** Every live subscription the simulator holds, in every tenant (GET /_sim/subscriptions). */
export async function simAllSubscriptions(
  sim: SimHandle,
): Promise<{ id: string; tenantId: string }[]> {
  const response = await simCall(sim, '/_sim/subscriptions');
  return ((await response.json()) as { value: { id: string; tenantId: string }[] }).value;
}

/** Deletes a subscription without any lifecycle notification (an administrator's DELETE). */
export async function deleteSilently(sim: SimHandle, subscriptionId: string): Promise<void> {
  const response = await simCall(sim, `/_sim/subscriptions/${subscriptionId}`, {
    method: 'DELETE',
  });
  if (response.status !== 204) {
    throw new Error(`silent delete answered ${response.status}`);
  }
}

/** How many NotificationReceivedV1 events the topic holds per call record id. */
export async function publishedCounts(
  config: IngestionConfig,
  topic: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const event of await readNotifications(testKafka(config), topic)) {
    const id = event.payload.callRecordId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}
