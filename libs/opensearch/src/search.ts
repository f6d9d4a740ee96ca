import type { Client } from '@opensearch-project/opensearch';

import { RetryableError } from '@callrecords/contracts';

import { throwClassified } from './errors';

export interface SearchRequest {
  /** An alias (or index, or comma list); a missing one answers no hits, not an error. */
  readonly index: string;
  /** A search body the caller built (the caller owns its scoping). */
  readonly body: Readonly<Record<string, unknown>>;
  /** Cuts the request (client side) and the search (server side, partial results refused). */
  readonly timeoutMs: number;
}

export interface SearchHit {
  readonly id: string;
  /** The concrete index the hit is in (a search over an alias spans generations). */
  readonly index: string;
  /** The stored `_version` when the body asked for `version: true`. */
  readonly version?: number;
  readonly source: Readonly<Record<string, unknown>>;
  /** The hit's sort values, for `search_after`. */
  readonly sort: readonly (string | number)[];
}

export interface SearchResult {
  readonly hits: readonly SearchHit[];
  /** Exact when `track_total_hits` was true, else a lower bound past 10,000. */
  readonly total: number;
  readonly aggregations: Readonly<Record<string, unknown>>;
  readonly tookMs: number;
}

/**
 * Runs one search. Errors are classified (RetryableError on outage, timeout or overload,
 * PermanentError on a bad request); a shard failure or a timed out search is a RetryableError too,
 * never a silently partial answer.
 */
export async function search(client: Client, request: SearchRequest): Promise<SearchResult> {
  const response = await client
    .search(
      {
        index: request.index,
        body: { ...request.body, timeout: `${request.timeoutMs}ms` },
        ignore_unavailable: true,
        allow_no_indices: true,
        allow_partial_search_results: false,
      },
      { requestTimeout: request.timeoutMs, maxRetries: 0 },
    )
    .catch(throwClassified);
  const body = response.body as unknown as RawSearchBody;
  if (body.timed_out === true || (body._shards?.failed ?? 0) > 0) {
    throw new RetryableError('opensearch search timed out or failed on a shard');
  }
  return {
    hits: (body.hits?.hits ?? []).map((hit) => ({
      id: hit._id,
      index: hit._index ?? '',
      ...(hit._version === undefined ? {} : { version: hit._version }),
      source: hit._source ?? {},
      sort: hit.sort ?? [],
    })),
    total: typeof body.hits?.total === 'number' ? body.hits.total : (body.hits?.total?.value ?? 0),
    aggregations: body.aggregations ?? {},
    tookMs: body.took ?? 0,
  };
}

interface RawSearchBody {
  readonly took?: number;
  readonly timed_out?: boolean;
  readonly _shards?: { readonly failed?: number };
  readonly hits?: {
    readonly total?: number | { readonly value: number };
    readonly hits?: readonly {
      readonly _id: string;
      readonly _index?: string;
      readonly _version?: number;
      readonly _source?: Record<string, unknown>;
      readonly sort?: (string | number)[];
    }[];
  };
  readonly aggregations?: Record<string, unknown>;
}
