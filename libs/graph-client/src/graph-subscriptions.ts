import {
  AuthenticationHandler,
  AuthenticationHandlerOptions,
  Client,
  GraphError,
} from '@microsoft/microsoft-graph-client';

import { isClassifiedError, PermanentError } from '@callrecords/contracts';
import { createHttpsTransport } from '@callrecords/service-kit';

import type { GraphConfig } from './graph.config';
import { toClassifiedGraphError } from './graph.errors';
import { GraphTransportHandler } from './graph-transport';
import type { GraphObject } from './paging';
import { pageOf } from './paging';
import { LIST_CALL_RECORDS_RULE, RequestPacer } from './request-pacer';
import type { TokenProvider } from './token-provider';

// What ingestion needs from Graph: subscription CRUD (libs/contracts/graph-reference/FACTS.md §4,
// §7) and List callRecords for backfill (libs/contracts/graph-reference/FACTS.md 9). Same transport
// and error vocabulary as graph.client.ts.

/**
 * A 404 on a subscription: Graph removed it (expired, deleted, subscriptionRemoved). Recreate it.
 */
export class SubscriptionNotFoundError extends PermanentError {
  readonly reason = 'subscription-not-found';

  constructor(subscriptionId: string, options: { readonly cause?: unknown } = {}) {
    super(`Graph 404: subscription ${subscriptionId} not found`, options);
    this.name = 'SubscriptionNotFoundError';
  }
}

export interface NewSubscription {
  readonly resource: string;
  readonly changeType: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl?: string;
  readonly expirationDateTime: Date;
  /** The secret Graph echoes in every notification (≤ 128 chars). */
  readonly clientState: string;
}

/** A subscription as Graph returned it (ids and expiry; clientState is never read back). */
export interface GraphSubscription {
  readonly id: string;
  readonly resource: string;
  readonly changeType: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string | undefined;
  readonly expirationDateTime: string;
}

export interface CallRecordListWindow {
  /** Inclusive: `startDateTime ge from`. */
  readonly from: Date;
  /** Exclusive: `startDateTime lt to`. */
  readonly to: Date;
  /** Only calls this Entra object id took part in: `participants_v2/any(p:p/id eq '…')`. */
  readonly participantId?: string;
}

/** A List callRecords item: enough to notify the fetcher (the list omits sessions/participants). */
export interface ListedCallRecord {
  readonly id: string;
  readonly startDateTime: string | undefined;
  readonly version: number | undefined;
}

/**
 * Our verbs over Graph subscriptions. Errors: RetryableError, PermanentError,
 * SubscriptionNotFoundError.
 */
export interface GraphSubscriptionClient {
  createSubscription(tenantId: string, subscription: NewSubscription): Promise<GraphSubscription>;
  /** PATCH a new expiry (also reauthorizes). Throws SubscriptionNotFoundError on 404. */
  renewSubscription(
    tenantId: string,
    subscriptionId: string,
    expirationDateTime: Date,
  ): Promise<GraphSubscription>;
  /** Idempotent: a subscription already gone is not an error. */
  deleteSubscription(tenantId: string, subscriptionId: string): Promise<void>;
  /** Every subscription of the calling app in the tenant (Graph scopes the list to it), all pages. */
  listSubscriptions(tenantId: string): Promise<GraphSubscription[]>;
  /** Every call record whose call started in [from, to), following `@odata.nextLink`. */
  listCallRecords(tenantId: string, window: CallRecordListWindow): Promise<ListedCallRecord[]>;
  /** The first page only (one request, ≤ 60 records) of the calls started at or after `from`. */
  listCallRecordsStartedSince(
    tenantId: string,
    from: Date,
    participantId?: string,
  ): Promise<ListedCallRecord[]>;
  close(): void;
}

type Method = 'get' | 'post' | 'patch' | 'delete';
interface SendRequest {
  readonly tenantId: string;
  readonly method: Method;
  readonly path: string;
  readonly body?: unknown;
}
type Send = (request: SendRequest) => Promise<unknown>;

function createSend(config: GraphConfig, tokens: TokenProvider): { send: Send; close(): void } {
  const transport = createHttpsTransport({
    caFile: config.GRAPH_CA_FILE,
    timeoutMs: config.GRAPH_REQUEST_TIMEOUT_MS,
  });
  const baseUrl = config.GRAPH_BASE_URL.replace(/\/+$/, '');
  const client = Client.initWithMiddleware({
    baseUrl,
    defaultVersion: 'v1.0',
    customHosts: new Set([new URL(baseUrl).hostname]),
    middleware: [
      new AuthenticationHandler({
        getAccessToken: () => Promise.reject(new Error('every request brings its own token')),
      }),
      new GraphTransportHandler(transport),
    ],
  });
  // List callRecords has its own limit (40 / 20 s per tenant): pages wait for a slot.
  const listPacer = new RequestPacer(LIST_CALL_RECORDS_RULE, {
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  const send: Send = async ({ tenantId, method, path, body }) => {
    if (method === 'get' && isListCallRecordsPath(path)) {
      await listPacer.take(tenantId);
    }
    const token = await tokens.getAccessToken(tenantId);
    const auth = new AuthenticationHandlerOptions({ getAccessToken: () => Promise.resolve(token) });
    const request = client.api(path).middlewareOptions([auth]);
    switch (method) {
      case 'get':
        return (await request.get()) as unknown;
      case 'post':
        return (await request.post(body)) as unknown;
      case 'patch':
        return (await request.patch(body)) as unknown;
      case 'delete':
        return (await request.delete()) as unknown;
    }
  };
  return { send, close: () => transport.close() };
}

// `/communications/callRecords?…` or a nextLink of it; not `/communications/callRecords/{id}`.
function isListCallRecordsPath(path: string): boolean {
  return /\/communications\/callRecords(?:\?|$)/.test(path);
}

function toSubscription(body: unknown): GraphSubscription {
  const object = (typeof body === 'object' && body !== null ? body : {}) as GraphObject;
  const text = (key: string): string => (typeof object[key] === 'string' ? object[key] : '');
  if (text('id') === '' || text('expirationDateTime') === '') {
    throw new PermanentError('Graph returned a subscription without id or expirationDateTime');
  }
  const lifecycle = text('lifecycleNotificationUrl');
  return {
    id: text('id'),
    resource: text('resource'),
    changeType: text('changeType'),
    notificationUrl: text('notificationUrl'),
    lifecycleNotificationUrl: lifecycle === '' ? undefined : lifecycle,
    expirationDateTime: text('expirationDateTime'),
  };
}

function toListed(item: unknown): ListedCallRecord | undefined {
  const object = (typeof item === 'object' && item !== null ? item : {}) as GraphObject;
  const id = object['id'];
  if (typeof id !== 'string' || id === '') {
    return undefined;
  }
  const start = object['startDateTime'];
  const version = object['version'];
  return {
    id,
    startDateTime: typeof start === 'string' ? start : undefined,
    version: typeof version === 'number' ? version : undefined,
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.statusCode === 404;
}

async function classified<T>(work: () => Promise<T>, subscriptionId?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (subscriptionId !== undefined && isNotFound(error)) {
      throw new SubscriptionNotFoundError(subscriptionId, { cause: error });
    }
    // Token errors are classified already; the SDK's and the network's are mapped here.
    throw isClassifiedError(error) ? error : toClassifiedGraphError(error, Date.now());
  }
}

// List accepts one participant clause, `eq` only (libs/contracts/graph-reference/FACTS.md 9): no
// `or`/`in` as on subscriptions, so several watched people take one listing each.
function listPath(from: Date, to?: Date, participantId?: string): string {
  const until = to ? ` and startDateTime lt ${to.toISOString()}` : '';
  const participant = participantId
    ? ` and participants_v2/any(p:p/id eq '${odataString(participantId)}')`
    : '';
  const filter = `startDateTime ge ${from.toISOString()}${until}${participant}`;
  return `/communications/callRecords?$filter=${encodeURIComponent(filter)}`;
}

// An OData string literal doubles its single quotes.
function odataString(value: string): string {
  return value.replaceAll("'", "''");
}

// Follows `@odata.nextLink` from `path` and maps every item (undefined items are skipped).
function listAll<T>(
  send: Send,
  request: { readonly tenantId: string; readonly path: string },
  map: (item: unknown) => T | undefined,
): Promise<T[]> {
  const { tenantId } = request;
  return classified(async () => {
    const items: T[] = [];
    let next: string | undefined = request.path;
    while (next) {
      const page = pageOf(await send({ tenantId, method: 'get', path: next }));
      items.push(...page.value.map(map).filter((item) => item !== undefined));
      next = page.nextLink;
    }
    return items;
  });
}

// A silence check costs one request whatever the tenant's volume: the first page is enough to
// know whether calls happened (List callRecords: 40 requests / 20 s, libs/contracts/graph-reference/FACTS.md 17).
function listStartedSince(
  send: Send,
  tenantId: string,
  query: { readonly from: Date; readonly participantId: string | undefined },
): Promise<ListedCallRecord[]> {
  const path = listPath(query.from, undefined, query.participantId);
  return classified(async () => {
    const page = pageOf(await send({ tenantId, method: 'get', path }));
    return page.value.map(toListed).filter((record) => record !== undefined);
  });
}

async function deleteSubscription(send: Send, tenantId: string, id: string): Promise<void> {
  try {
    await classified(
      () => send({ tenantId, method: 'delete', path: `/subscriptions/${encodeURIComponent(id)}` }),
      id,
    );
  } catch (error) {
    if (!(error instanceof SubscriptionNotFoundError)) {
      throw error;
    }
  }
}

/** Subscription CRUD and List callRecords for one app registration (all configured tenants). */
export function createGraphSubscriptionClient(
  config: GraphConfig,
  tokens: TokenProvider,
): GraphSubscriptionClient {
  const sender = createSend(config, tokens);
  const send = sender.send;
  const subscriptionPath = (id: string): string => `/subscriptions/${encodeURIComponent(id)}`;
  return {
    createSubscription: (tenantId, subscription) =>
      classified(async () =>
        toSubscription(
          await send({
            tenantId,
            method: 'post',
            path: '/subscriptions',
            body: {
              ...subscription,
              expirationDateTime: subscription.expirationDateTime.toISOString(),
            },
          }),
        ),
      ),
    renewSubscription: (tenantId, id, expirationDateTime) =>
      classified(
        async () =>
          toSubscription(
            await send({
              tenantId,
              method: 'patch',
              path: subscriptionPath(id),
              body: { expirationDateTime: expirationDateTime.toISOString() },
            }),
          ),
        id,
      ),
    deleteSubscription: (tenantId, id) => deleteSubscription(send, tenantId, id),
    listSubscriptions: (tenantId) =>
      listAll(send, { tenantId, path: '/subscriptions' }, toSubscription),
    listCallRecords: (tenantId, window) =>
      listAll(
        send,
        { tenantId, path: listPath(window.from, window.to, window.participantId) },
        toListed,
      ),
    listCallRecordsStartedSince: (tenantId, from, participantId) =>
      listStartedSince(send, tenantId, { from, participantId }),
    close: () => sender.close(),
  };
}
