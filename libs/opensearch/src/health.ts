import type { Client } from '@opensearch-project/opensearch';

import type { HealthIndicator } from '@callrecords/service-kit';

import { throwClassified } from './errors';

export interface OpenSearchHealthOptions {
  /** Default `opensearch`. */
  readonly name?: string;
  /** Default 2,000 ms; the request itself is cut at this time too. */
  readonly timeoutMs?: number;
}

/**
 * Readiness for OpenSearch: up while the cluster answers with status green or yellow (yellow: a
 * replica is missing, writes and reads still work). Red or no answer in time is down.
 */
export function openSearchHealthIndicator(
  client: Client,
  options: OpenSearchHealthOptions = {},
): HealthIndicator {
  const timeoutMs = options.timeoutMs ?? 2_000;
  return {
    name: options.name ?? 'opensearch',
    timeoutMs,
    check: async () => {
      const response = await client.cluster
        .health({}, { requestTimeout: timeoutMs, maxRetries: 0 })
        .catch(throwClassified);
      assertClusterUsable(response.body.status);
    },
  };
}

/** Throws unless the cluster status is green or yellow. */
export function assertClusterUsable(status: string | undefined): void {
  if (status !== 'green' && status !== 'yellow') {
    throw new Error(`cluster status is ${status ?? 'unknown'}`);
  }
}
