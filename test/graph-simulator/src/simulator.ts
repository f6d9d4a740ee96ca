import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

import type { FastifyInstance } from 'fastify';
import type { LevelWithSilent } from 'pino';

import { createLogger } from '@callrecords/service-kit';

import { FaultBook, parseFault } from './control/faults';
import { resetSimulator } from './control/control.routes';
import { RequestLog } from './control/request-log';
import { seedCallRecord } from './control/seeding';
import { DataStore } from './data/store';
import type { AppRegistration } from './entra/apps';
import { defaultApps } from './entra/apps';
import { createTokenService } from './entra/tokens';
import { GRAPH_THROTTLING_RULES, Throttler } from './graph/throttling';
import type { ThrottlingRules } from './graph/throttling';
import { buildApp } from './http/app';
import type { ClientCertificate } from './http/certificates';
import { createClientCertificate, createTlsMaterial } from './http/certificates';
import type { DeliveryQuery, DeliveryRecord } from './notifications/delivery-log';
import { DeliveryLog } from './notifications/delivery-log';
import { NotificationDispatcher } from './notifications/dispatcher';
import type { EndpointRules } from './notifications/endpoint-health';
import { GRAPH_ENDPOINT_RULES } from './notifications/endpoint-health';
import type { RetryPolicy } from './notifications/retry-schedule';
import { GRAPH_RETRY_POLICY } from './notifications/retry-schedule';
import {
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
  GRAPH_LIMITS,
  SECOND_TENANT_ID,
} from './simulator.constants';
import type { SimulatorContext } from './simulator-context';
import type { JsonObject } from './simulator.types';
import { SubscriptionRegistry } from './subscriptions/subscription-registry';

// The simulator's public API: tests start it in-process; main.ts starts it as a process.

export interface SimulatorOptions {
  /** HTTPS port for Entra, Graph and /_sim/; 0 (default) picks a free one. */
  readonly port?: number;
  /**
   * Also serve everything over plain HTTP on this port (for curl and tools); off when undefined.
   */
  readonly httpPort?: number;
  /**
   * IPv4 address to listen on, in every URL and in the server certificate; default 127.0.0.1. Another
   * address exposes the unauthenticated control API on it: only for a drill whose clients are not on
   * this host (test/cluster: pods reach the host's address).
   */
  readonly host?: string;
  /** Write the CA certificate (PEM) here so other processes can trust it. */
  readonly caFile?: string;
  readonly tokenLifetimeSeconds?: number;
  /** Validation handshake timeout; Graph's is 10 s. */
  readonly validationTimeoutMs?: number;
  /** Notification POST timeout; Graph's is 3 s. */
  readonly deliveryTimeoutMs?: number;
  /** Retry of failed deliveries; Graph-like by default (backoff up to 10 min, for 4 h). */
  readonly retry?: Partial<RetryPolicy>;
  /** How long notifications for one endpoint are collected into one POST. */
  readonly batchWindowMs?: number;
  readonly maxBatchSize?: number;
  readonly endpointRules?: Partial<EndpointRules>;
  /**
   * Enforce Graph's documented request limits with 429s (libs/contracts/graph-reference/FACTS.md
   * 17).
   */
  readonly throttling?: boolean;
  /** Overrides of Graph's limits while `throttling` is on (tests use smaller numbers). */
  readonly throttlingRules?: Partial<ThrottlingRules>;
  /** Extra app registrations, besides the demo ones. */
  readonly apps?: readonly AppRegistration[];
  readonly logLevel?: LevelWithSilent;
}

export interface StartedSimulator {
  /**
   * `https://127.0.0.1:{port}`: Graph's base URL (routes under /v1.0) and Entra's authority host.
   */
  readonly graphUrl: string;
  readonly authorityHost: string;
  /** `{authorityHost}/{demo tenant}`. */
  readonly authorityUrl: string;
  /** Control API base, `{graphUrl}/_sim`. */
  readonly controlUrl: string;
  readonly httpUrl: string | undefined;
  readonly port: number;
  readonly caPem: string;
  readonly caFile: string | undefined;
  readonly tenantId: string;
  readonly secondTenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The demo app's certificate (registered) with its private key, for certificate sign-in. */
  readonly clientCertificate: ClientCertificate;
}

export interface Simulator {
  start(): Promise<StartedSimulator>;
  stop(): Promise<void>;
  /** In-process equivalents of the control API (same effects, notifications included). */
  seedCallRecord(
    record: JsonObject,
    tenantId?: string,
  ): { id: string; version: number; outcome: string };
  seedPstnCalls(rows: readonly JsonObject[], tenantId?: string): void;
  seedDirectRoutingCalls(rows: readonly JsonObject[], tenantId?: string): void;
  deliveries(query?: DeliveryQuery): DeliveryRecord[];
  /** Same body as POST /_sim/faults; returns the fault id. */
  addFault(body: JsonObject): string;
  reset(): void;
}

async function createContext(options: SimulatorOptions): Promise<SimulatorContext> {
  const [tls, demoCertificate, tokens] = await Promise.all([
    createTlsMaterial(options.host),
    createClientCertificate('callrecords demo app'),
    createTokenService(options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS),
  ]);
  const faults = new FaultBook();
  const deliveries = new DeliveryLog();
  const dispatcher = new NotificationDispatcher(deliveries, faults, {
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? GRAPH_LIMITS.deliveryTimeoutMs,
    batchWindowMs: options.batchWindowMs ?? 50,
    maxBatchSize: options.maxBatchSize ?? 50,
    retry: { ...GRAPH_RETRY_POLICY, ...options.retry },
    endpointRules: { ...GRAPH_ENDPOINT_RULES, ...options.endpointRules },
  });
  return {
    settings: {
      tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
      validationTimeoutMs: options.validationTimeoutMs ?? GRAPH_LIMITS.validationTimeoutMs,
      throttling: options.throttling ?? false,
      throttlingRules: { ...GRAPH_THROTTLING_RULES, ...options.throttlingRules },
    },
    store: new DataStore(),
    faults,
    requests: new RequestLog(),
    throttler: new Throttler(),
    tokens,
    apps: [...defaultApps(demoCertificate.certificatePem), ...(options.apps ?? [])],
    subscriptions: new SubscriptionRegistry(),
    deliveries,
    dispatcher,
    tls,
    demoCertificate,
    logger: createLogger({
      service: 'graph-simulator',
      version: '0.1.0',
      level: options.logLevel ?? 'silent',
    }),
    timers: new Set(),
    httpsUrl: '',
  };
}

async function listen(app: FastifyInstance, host: string, port: number): Promise<number> {
  await app.listen({ host, port });
  return (app.server.address() as AddressInfo).port;
}

async function startListeners(
  ctx: SimulatorContext,
  options: SimulatorOptions,
  apps: FastifyInstance[],
): Promise<StartedSimulator> {
  const https = buildApp(ctx, { key: ctx.tls.serverKeyPem, cert: ctx.tls.serverCertPem });
  apps.push(https);
  const host = options.host ?? '127.0.0.1';
  const port = await listen(https, host, options.port ?? 0);
  ctx.httpsUrl = `https://${host}:${port}`;
  let httpUrl: string | undefined;
  if (options.httpPort !== undefined) {
    const http = buildApp(ctx, undefined);
    apps.push(http);
    httpUrl = `http://${host}:${await listen(http, host, options.httpPort)}`;
  }
  if (options.caFile) {
    writeFileSync(options.caFile, ctx.tls.caPem);
  }
  return {
    graphUrl: ctx.httpsUrl,
    authorityHost: ctx.httpsUrl,
    authorityUrl: `${ctx.httpsUrl}/${DEMO_TENANT_ID}`,
    controlUrl: `${ctx.httpsUrl}/_sim`,
    httpUrl,
    port,
    caPem: ctx.tls.caPem,
    caFile: options.caFile,
    tenantId: DEMO_TENANT_ID,
    secondTenantId: SECOND_TENANT_ID,
    clientId: DEMO_CLIENT_ID,
    clientSecret: DEMO_CLIENT_SECRET,
    clientCertificate: ctx.demoCertificate,
  };
}

function addFault(context: SimulatorContext, body: JsonObject): string {
  const parsed = parseFault(body, randomUUID(), Date.now());
  if (!parsed.ok) {
    throw new TypeError(parsed.message);
  }
  context.faults.add(parsed.fault);
  return parsed.fault.id;
}

export function createSimulator(options: SimulatorOptions = {}): Simulator {
  let context: SimulatorContext | undefined;
  const apps: FastifyInstance[] = [];
  const running = (): SimulatorContext => {
    if (!context) {
      throw new Error('the simulator is not started');
    }
    return context;
  };
  return {
    async start() {
      context = await createContext(options);
      return startListeners(context, options, apps);
    },
    async stop() {
      if (context) {
        resetSimulator(context);
      }
      await Promise.all(apps.splice(0).map((app) => app.close()));
      context = undefined;
    },
    seedCallRecord: (record, tenantId = DEMO_TENANT_ID) =>
      seedCallRecord(running(), tenantId, record),
    seedPstnCalls: (rows, tenantId = DEMO_TENANT_ID) => {
      running().store.putPstnRows(tenantId, rows);
    },
    seedDirectRoutingCalls: (rows, tenantId = DEMO_TENANT_ID) => {
      running().store.putDirectRoutingRows(tenantId, rows);
    },
    deliveries: (query) => running().deliveries.query(query),
    addFault: (body) => addFault(running(), body),
    reset: () => resetSimulator(running()),
  };
}

export {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_TENANT_ID,
  NO_ROLE_CLIENT_ID,
  NO_ROLE_CLIENT_SECRET,
  PSTN_ONLY_CLIENT_ID,
  PSTN_ONLY_CLIENT_SECRET,
  SECOND_TENANT_ID,
} from './simulator.constants';
export type { AppRegistration } from './entra/apps';
export type { DeliveryRecord, DeliveryQuery } from './notifications/delivery-log';
export type { ClientCertificate } from './http/certificates';
export { generateDataset } from './data/generator/dataset';
export type { GeneratedDataset, DatasetOptions } from './data/generator/dataset';
