import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { createOpenSearchClient } from '@callrecords/opensearch';
import type { OpenSearchClient } from '@callrecords/opensearch';
import {
  createLogger,
  createMetricsRegistry,
  loadConfig,
  Readiness,
} from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';
import { getTestEnv, uniqueName } from '@callrecords/testing';

import { startGateway } from '../src/bootstrap';
import type { RunningGateway } from '../src/bootstrap';
import { gatewayConfigSchema } from '../src/config';
import type { GatewayConfig } from '../src/config';
import { createIndexes, deleteIndexes } from './seed-documents';

export const ROLE_FULL = 'CallRecords.Read.Full';
export const ROLE_AGGREGATES = 'CallRecords.Read.Aggregates';
export const ROLE_ERASE = 'CallRecords.Erase';

/** Where the simulator (the token issuer) is, as a test started it. */
export interface IssuerEndpoints {
  /** `https://127.0.0.1:<port>`. */
  readonly graphUrl: string;
  /** Plain-HTTP control listener, for minting tokens. */
  readonly httpUrl: string;
  readonly caPem: string;
}

export interface GatewayHarness {
  readonly gateway: RunningGateway;
  readonly config: GatewayConfig;
  readonly openSearch: OpenSearchClient;
  readonly registry: Registry;
  readonly prefix: string;
  token(claims: TokenClaims): Promise<string>;
  graphql(request: GraphqlRequest): Promise<GraphqlResponse>;
  close(): Promise<void>;
}

export interface TokenClaims {
  readonly tenantId: string;
  readonly roles?: readonly string[];
  /** The token's `oid`. */
  readonly objectId?: string;
  readonly expiresInSeconds?: number;
  readonly audience?: string;
}

export interface GraphqlRequest {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** A bearer token, or a whole Authorization header value with `authorization`. */
  readonly token?: string;
  readonly authorization?: string;
}

export interface GraphqlResponse {
  readonly status: number;
  readonly data: Record<string, unknown> | null;
  readonly errors: readonly { message: string; extensions?: { code?: string }; path?: unknown[] }[];
  readonly text: string;
}

/** Mints a user token for the gateway from the simulator's Entra (POST /_sim/tokens). */
export async function mintToken(issuer: IssuerEndpoints, claims: TokenClaims): Promise<string> {
  const response = await fetch(`${issuer.httpUrl}/_sim/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ roles: [ROLE_FULL], ...claims }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!body.access_token) {
    throw new Error(`no token: ${response.status}`);
  }
  return body.access_token;
}

export async function postGraphql(url: string, request: GraphqlRequest): Promise<GraphqlResponse> {
  const authorization =
    request.authorization ?? (request.token ? `Bearer ${request.token}` : undefined);
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization === undefined ? {} : { authorization }),
    },
    body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
  });
  const body = (await response.json()) as Pick<GraphqlResponse, 'data' | 'errors'>;
  const text = JSON.stringify(body);
  return { status: response.status, data: body.data ?? null, errors: body.errors ?? [], text };
}

export interface HarnessOptions {
  readonly issuer: IssuerEndpoints;
  readonly openSearchUrl: string;
  readonly kafkaBrokers: readonly string[];
  /** Unique per test file: prefixes indexes, topics and groups. */
  readonly prefix: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Creates the contract's indexes under a unique prefix and boots the gateway in-process. */
export async function startHarness(options: HarnessOptions): Promise<GatewayHarness> {
  const caFile = join(tmpdir(), `${options.prefix}ca.pem`);
  writeFileSync(caFile, options.issuer.caPem);
  const base = {
    OPENSEARCH_URL: options.openSearchUrl,
    OPENSEARCH_INDEX_PREFIX: options.prefix,
    KAFKA_BROKERS: options.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: options.prefix,
    GATEWAY_PORT: '0',
    GATEWAY_AUTH_ISSUER: `${options.issuer.graphUrl}/{tenantid}/v2.0`,
    GATEWAY_AUTH_JWKS_URL: `${options.issuer.graphUrl}/common/discovery/v2.0/keys`,
    GATEWAY_AUTH_CA_FILE: caFile,
    GATEWAY_CURSOR_SECRET: 'test-cursor-secret-of-at-least-32-characters',
  };
  const config = loadConfig(gatewayConfigSchema, { ...base, ...options.env });
  const logger = createLogger({ service: 'gateway-test', version: 'test', level: 'silent' });
  const registry = createMetricsRegistry({ service: 'gateway', defaultMetrics: false });
  const readFile = (path: string): string => readFileSync(path, 'utf8');
  // The harness's own client keeps the default timeout: a spec's short OPENSEARCH_REQUEST_TIMEOUT_MS
  // is meant for the gateway, and creating a dozen indexes at once takes over 1 s on a loaded machine.
  const openSearch = createOpenSearchClient(loadConfig(gatewayConfigSchema, base), { readFile });
  await createIndexes(openSearch, options.prefix);
  const gateway = await startGateway(config, {
    logger,
    registry,
    readiness: new Readiness(),
    readFile,
    host: '127.0.0.1',
  });
  return {
    gateway,
    config,
    openSearch,
    registry,
    prefix: options.prefix,
    token: (claims) => mintToken(options.issuer, claims),
    graphql: (request) => postGraphql(gateway.url, request),
    close: async () => {
      await gateway.close();
      await deleteIndexes(openSearch, options.prefix);
      await openSearch.close();
    },
  };
}

/** The value at `path` inside a JSON response, typed by the caller (tests check it with toEqual). */
export function at<T>(value: unknown, ...path: readonly (string | number)[]): T {
  let current: unknown = value;
  for (const key of path) {
    current =
      typeof current === 'object' && current !== null
        ? (current as Record<string, unknown>)[key]
        : undefined;
  }
  return current as T;
}

export interface Item {
  readonly id: string;
  readonly [field: string]: unknown;
}

export interface PageOf<T = Item> {
  readonly items: readonly T[];
  readonly totalCount: number;
  readonly pageInfo: { readonly endCursor: string | null; readonly hasNextPage: boolean };
  readonly facets: readonly {
    readonly name: string;
    readonly buckets: readonly { value: string; count: number }[];
  }[];
  readonly summary: Record<string, unknown>;
  readonly totals: Record<string, unknown>;
}

export interface GatewayWithIssuer {
  readonly simulator: Simulator;
  readonly started: StartedSimulator;
  readonly harness: GatewayHarness;
}

/** The simulator (token issuer, JWKS) and a gateway over the test stack under a fresh prefix. */
export async function startGatewayWithIssuer(prefixName: string): Promise<GatewayWithIssuer> {
  const simulator = createSimulator({ httpPort: 0 });
  const started = await simulator.start();
  const env = getTestEnv();
  const harness = await startHarness({
    issuer: { graphUrl: started.graphUrl, httpUrl: started.httpUrl ?? '', caPem: started.caPem },
    openSearchUrl: env.openSearchUrl,
    kafkaBrokers: env.kafkaBrokers,
    prefix: `${uniqueName(prefixName)}-`,
  });
  return { simulator, started, harness };
}

/** The `data` of a GraphQL answer; an answer with errors throws its text. */
export async function queryData(
  harness: GatewayHarness,
  request: GraphqlRequest,
): Promise<Record<string, unknown>> {
  const response = await harness.graphql(request);
  if (response.errors.length > 0) {
    throw new Error(response.text);
  }
  return response.data ?? {};
}
