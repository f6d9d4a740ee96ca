import { AsyncLocalStorage } from 'node:async_hooks';

import { createGraphClient } from '@callrecords/graph-client';
import type {
  GraphCallRecord,
  GraphConfig,
  GraphObject,
  ReportWindow,
  TokenProvider,
} from '@callrecords/graph-client';

import { graphRequestKind } from '../domain/graph-request-kind';
import type { FetcherMetrics } from './fetcher-metrics.service';
import type { GraphRateLimiter } from './graph-rate-limiter.service';

/** What the fetcher needs from Graph, rate-limited and counted. */
export interface GraphAccess {
  /** The complete record and the number of Graph requests it took (record + every page). */
  fetchCallRecord(
    tenantId: string,
    id: string,
  ): Promise<{ readonly record: GraphCallRecord; readonly requestCount: number }>;
  listPstnCalls(tenantId: string, window: ReportWindow): Promise<GraphObject[]>;
  listDirectRoutingCalls(tenantId: string, window: ReportWindow): Promise<GraphObject[]>;
  close(): void;
}

export function createGraphAccess(
  config: GraphConfig,
  deps: { tokens: TokenProvider; limiter: GraphRateLimiter; metrics: FetcherMetrics },
): GraphAccess {
  // Requests are counted per fetch through the async context: the client pages by itself.
  const scope = new AsyncLocalStorage<{ requests: number }>();
  const client = createGraphClient(config, deps.tokens, {
    beforeRequest: async ({ tenantId, path }) => {
      await deps.limiter.acquire(tenantId, path);
      const counter = scope.getStore();
      if (counter) {
        counter.requests += 1;
      }
    },
    afterResponse: ({ path }, status) => {
      deps.metrics.graphRequests.inc({ status: String(status), kind: graphRequestKind(path).kind });
    },
  });
  return {
    fetchCallRecord: (tenantId, id) => {
      const counter = { requests: 0 };
      return scope.run(counter, async () => {
        const record = await client.getCallRecord(tenantId, id);
        return { record, requestCount: counter.requests };
      });
    },
    listPstnCalls: (tenantId, window) => client.listPstnCalls(tenantId, window),
    listDirectRoutingCalls: (tenantId, window) => client.listDirectRoutingCalls(tenantId, window),
    close: () => client.close(),
  };
}
