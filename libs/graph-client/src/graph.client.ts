import {
  AuthenticationHandler,
  AuthenticationHandlerOptions,
  Client,
  GraphError,
} from '@microsoft/microsoft-graph-client';

import { createHttpsTransport } from '@callrecords/service-kit';
import type { HttpsTransport } from '@callrecords/service-kit';

import type { GraphConfig } from './graph.config';
import { toClassifiedGraphError } from './graph.errors';
import { GraphTransportHandler } from './graph-transport';
import type { GraphObject } from './paging';
import { mergeCallRecord, pageOf } from './paging';
import type { TokenProvider } from './token-provider';

/**
 * A full call record as Graph returns it, every page of sessions (with segments) and
 * participants_v2 merged.
 */
export type GraphCallRecord = GraphObject & { readonly id: string; readonly version: number };

export interface ReportWindow {
  readonly from: Date;
  readonly to: Date;
}

/**
 * Our verbs over Graph (STYLE.md 2.6). Errors are RetryableError, PermanentError or
 * NotYetAvailableError.
 */
export interface GraphClient {
  /** The record with sessions (segments expanded) and participants_v2, following every nextLink. */
  getCallRecord(tenantId: string, id: string): Promise<GraphCallRecord>;
  /**
   * Every PSTN row whose call started in [from, to] (Graph: both ends inclusive, window ≤ 90 days).
   */
  listPstnCalls(tenantId: string, window: ReportWindow): Promise<GraphObject[]>;
  /** Every Direct Routing row whose call started in [from, to) (Graph: `to` exclusive). */
  listDirectRoutingCalls(tenantId: string, window: ReportWindow): Promise<GraphObject[]>;
  close(): void;
}

/** One Graph request, as the optional hooks see it (`path` may be a full nextLink URL). */
export interface GraphRequestInfo {
  readonly tenantId: string;
  readonly path: string;
}

/**
 * Optional hooks around every Graph request (after the token, before the HTTP call): limiters,
 * metrics.
 */
export interface GraphClientHooks {
  /** Awaited before each request, e.g. to wait for a rate limiter; a throw fails the request. */
  readonly beforeRequest?: (request: GraphRequestInfo) => Promise<void>;
  /** Called after each request with the HTTP status (0 when no response came back). */
  readonly afterResponse?: (request: GraphRequestInfo, status: number) => void;
}

type GetJson = (tenantId: string, path: string) => Promise<unknown>;

function createSdkClient(baseUrl: string, transport: HttpsTransport): Client {
  return Client.initWithMiddleware({
    baseUrl,
    defaultVersion: 'v1.0',
    // The SDK sends the token only to Graph's hosts and these; nextLinks elsewhere get none.
    customHosts: new Set([new URL(baseUrl).hostname]),
    middleware: [
      new AuthenticationHandler({
        getAccessToken: () => Promise.reject(new Error('every request brings its own token')),
      }),
      new GraphTransportHandler(transport),
    ],
  });
}

function createGetJson(client: Client, tokens: TokenProvider, hooks: GraphClientHooks): GetJson {
  return async (tenantId, path) => {
    const request = { tenantId, path };
    // A limiter may hold the request for a while: wait first, so the token is fresh when it is
    // sent.
    await hooks.beforeRequest?.(request);
    // The token comes first, outside the SDK: its errors keep their class (the SDK would rewrap
    // them).
    const token = await tokens.getAccessToken(tenantId);
    const auth = new AuthenticationHandlerOptions({ getAccessToken: () => Promise.resolve(token) });
    try {
      const body = (await client.api(path).middlewareOptions([auth]).get()) as unknown;
      hooks.afterResponse?.(request, 200);
      return body;
    } catch (error) {
      hooks.afterResponse?.(request, error instanceof GraphError ? error.statusCode : 0);
      throw toClassifiedGraphError(error, Date.now());
    }
  };
}

/**
 * Follows `@odata.nextLink` verbatim until Graph stops sending one
 * (libs/contracts/graph-reference/FACTS.md "Paging rules").
 */
async function collectPages(
  get: GetJson,
  tenantId: string,
  firstPath: string | undefined,
): Promise<unknown[]> {
  const items: unknown[] = [];
  let next = firstPath;
  while (next) {
    const page = pageOf(await get(tenantId, next));
    items.push(...page.value);
    next = page.nextLink;
  }
  return items;
}

async function getCallRecord(get: GetJson, tenantId: string, id: string): Promise<GraphCallRecord> {
  const recordPath = `/communications/callRecords/${encodeURIComponent(id)}`;
  const first = (await get(
    tenantId,
    `${recordPath}?$expand=sessions($expand=segments)`,
  )) as GraphObject;
  const firstSessions = Array.isArray(first['sessions']) ? (first['sessions'] as unknown[]) : [];
  const moreLink = first['sessions@odata.nextLink'];
  const moreSessions = await collectPages(
    get,
    tenantId,
    typeof moreLink === 'string' ? moreLink : undefined,
  );
  const participants = await collectPages(get, tenantId, `${recordPath}/participants_v2`);
  const sessions = [...firstSessions, ...moreSessions];
  return mergeCallRecord(first, { sessions, participants }) as GraphCallRecord;
}

function reportPath(kind: 'getPstnCalls' | 'getDirectRoutingCalls', window: ReportWindow): string {
  const params = `fromDateTime=${window.from.toISOString()},toDateTime=${window.to.toISOString()}`;
  return `/communications/callRecords/${kind}(${params})`;
}

export function createGraphClient(
  config: GraphConfig,
  tokens: TokenProvider,
  hooks: GraphClientHooks = {},
): GraphClient {
  const transport = createHttpsTransport({
    caFile: config.GRAPH_CA_FILE,
    timeoutMs: config.GRAPH_REQUEST_TIMEOUT_MS,
  });
  const get = createGetJson(
    createSdkClient(config.GRAPH_BASE_URL.replace(/\/+$/, ''), transport),
    tokens,
    hooks,
  );
  return {
    getCallRecord: (tenantId, id) => getCallRecord(get, tenantId, id),
    listPstnCalls: async (tenantId, window) =>
      (await collectPages(get, tenantId, reportPath('getPstnCalls', window))) as GraphObject[],
    listDirectRoutingCalls: async (tenantId, window) =>
      (await collectPages(
        get,
        tenantId,
        reportPath('getDirectRoutingCalls', window),
      )) as GraphObject[],
    close: () => transport.close(),
  };
}
