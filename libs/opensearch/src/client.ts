import { Client } from '@opensearch-project/opensearch';
import type { ClientOptions } from '@opensearch-project/opensearch';

import { ConfigError } from '@callrecords/service-kit';

import type { OpenSearchConfig } from './config';

/** The vendor client, named so services can type it without importing the SDK (lint forbids that). */
export type OpenSearchClient = Client;

export interface CreateClientOptions {
  /** Reads OPENSEARCH_CA_FILE; inject `(path) => fs.readFileSync(path, 'utf8')` at the edge. */
  readonly readFile: (path: string) => string;
}

/** What the connection needs; the index prefix is a naming concern of the callers. */
export type OpenSearchConnectionConfig = Omit<OpenSearchConfig, 'OPENSEARCH_INDEX_PREFIX'> &
  Partial<Pick<OpenSearchConfig, 'OPENSEARCH_INDEX_PREFIX'>>;

/**
 * The OpenSearch client for a validated config. Throws at boot when the CA file cannot be read or
 * only one of user name and password is set.
 */
export function createOpenSearchClient(
  config: OpenSearchConnectionConfig,
  dependencies: CreateClientOptions,
): Client {
  return new Client(toClientOptions(config, dependencies));
}

/** The vendor client options for a config (separate so the mapping is testable without a client). */
export function toClientOptions(
  config: OpenSearchConnectionConfig,
  dependencies: CreateClientOptions,
): ClientOptions {
  const { OPENSEARCH_USERNAME: username, OPENSEARCH_PASSWORD: password } = config;
  if ((username === undefined) !== (password === undefined)) {
    const missing = username === undefined ? 'OPENSEARCH_USERNAME' : 'OPENSEARCH_PASSWORD';
    throw new ConfigError([{ key: missing, message: 'user name and password go together' }]);
  }
  return {
    node: config.OPENSEARCH_URL,
    requestTimeout: config.OPENSEARCH_REQUEST_TIMEOUT_MS,
    // Retries belong to the callers (consumer runner retry topics, BulkWriter callers), where they
    // are counted; hidden client retries would double them and hide outages from metrics.
    maxRetries: 0,
    // Answers are plain JSON.parse: the client's default scans every answer twice more with regular
    // expressions for "__proto__"/"constructor" keys (a third of the parse time of a 50-document page,
    // profiled in the gateway). The answers come from our own cluster, and JSON.parse never touches
    // a prototype: such a key stays an own property of the parsed object.
    disablePrototypePoisoningProtection: true,
    ...(username !== undefined && password !== undefined ? { auth: { username, password } } : {}),
    ...(config.OPENSEARCH_CA_FILE === undefined
      ? {}
      : { ssl: { ca: readCa(config.OPENSEARCH_CA_FILE, dependencies) } }),
  };
}

function readCa(path: string, dependencies: CreateClientOptions): string {
  try {
    return dependencies.readFile(path);
  } catch (error) {
    throw new ConfigError([
      { key: 'OPENSEARCH_CA_FILE', message: `cannot read ${path}: ${(error as Error).message}` },
    ]);
  }
}
