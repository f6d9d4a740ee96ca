import {
  rollupConcreteIndexName,
  rollupDocumentId,
  rollupIndexBody,
  rollupIndexName,
  RetryableError,
} from '@callrecords/contracts';
import type { RollupDocument } from '@callrecords/contracts';
import { classifyBulkItem, toClassifiedError } from '@callrecords/opensearch';
import type { BulkItemResult, OpenSearchClient } from '@callrecords/opensearch';

import { MEASURES, zeroMeasures } from '../domain/cells';
import type { Measure } from '../domain/cells';
import { contributionId } from '../domain/contribution-plan';
import type { ContributionDocument } from '../domain/contribution-plan';
import type { BucketKey, CellSums } from '../domain/rollup-documents';
import {
  ALERTS_INDEX_BODY,
  CONTRIBUTIONS_INDEX_BODY,
  ROLLUP_INDEX_KEYS,
} from './rollup-indexes.constants';
import type { AggregatorIndexNames } from './rollup-indexes.constants';

const COMPOSITE_PAGE = 5_000;

/** Sums of one bucket and the contributions write position they reflect. */
export interface BucketSums {
  readonly sums: CellSums;
  /**
   * Sum of `_seq_no` over every live contribution the sums saw: the rollup documents' version.
   * Readers of one shard only grow (each refresh adds writes), and a write either adds a document or
   * replaces one with a higher `_seq_no`, so a view that saw more always has a strictly larger sum;
   * equal sums mean the same view. Exact while the sum stays below 2^53.
   */
  readonly asOf: number;
}

interface CompositeAgg {
  readonly after_key?: { cell: string };
  readonly buckets: readonly ({ key: { cell: string } } & Record<string, unknown>)[];
}

type Query = Record<string, unknown>;

/** The hours of one sliding window of one tenant, and the cells an alert rule reads. */
export interface WindowQuery {
  readonly tenantId: string;
  readonly hourStarts: readonly string[];
  readonly cellPrefixes: readonly string[];
}

/** OpenSearch I/O of the aggregator: contributions, bucket sums, rollup documents, alert marks. */
export class RollupStoreRepository {
  constructor(
    private readonly client: OpenSearchClient,
    private readonly names: AggregatorIndexNames,
    private readonly prefix: string,
  ) {}

  /** Creates every index the aggregator writes, if missing (idempotent, safe on concurrent boots). */
  async ensureIndexes(): Promise<void> {
    await this.createIfMissing(this.names.contributions, CONTRIBUTIONS_INDEX_BODY);
    await this.createIfMissing(this.names.alerts, ALERTS_INDEX_BODY);
    for (const { metric, interval } of ROLLUP_INDEX_KEYS) {
      await this.createIfMissing(
        rollupConcreteIndexName(metric, interval, this.prefix),
        rollupIndexBody(metric, interval, this.prefix),
        rollupIndexName(metric, interval, this.prefix),
      );
    }
  }

  /** The stored contribution of each id (realtime: sees writes not yet refreshed). */
  async getContributions(ids: readonly string[]): Promise<Map<string, ContributionDocument>> {
    if (ids.length === 0) {
      return new Map();
    }
    const response = await this.call(() =>
      this.client.mget({ index: this.names.contributions, body: { ids: [...ids] } }),
    );
    const docs = (response.body as { docs: { _id: string; found?: boolean; _source?: unknown }[] })
      .docs;
    return new Map(
      docs
        .filter((d) => d.found && d._source)
        .map((d) => [d._id, d._source as ContributionDocument]),
    );
  }

  /** Writes contributions with external versioning (a lower or equal version comes back `stale`). */
  async writeContributions(docs: readonly ContributionDocument[]): Promise<BulkItemResult[]> {
    const lines = docs.map((doc) => ({
      action: {
        index: {
          _index: this.names.contributions,
          _id: contributionId(doc),
          version: doc.version,
          version_type: 'external',
        },
      },
      source: doc,
    }));
    const results = await this.bulk(lines);
    await this.call(() => this.client.indices.refresh({ index: this.names.contributions }));
    return results;
  }

  /** Sums every cell of each bucket over all stored contributions (one multi-search). */
  async sumBuckets(buckets: readonly BucketKey[]): Promise<BucketSums[]> {
    return Promise.all(
      chunk(buckets, 50).map(async (part) => {
        const queries = part.map((b) => ({
          tenantId: b.tenantId,
          filter: { term: { [b.interval === 'hour' ? 'hourStart' : 'dayStart']: b.bucketStart } },
        }));
        return this.sumMany(queries);
      }),
    ).then((parts) => parts.flat());
  }

  /** Sums the cells starting with `cellPrefixes`, per query, of one tenant over a list of hours. */
  async sumWindows(queries: readonly WindowQuery[]): Promise<CellSums[]> {
    const parts = await Promise.all(
      chunk(queries, 50).map((part) =>
        this.sumMany(
          part.map((q) => ({
            tenantId: q.tenantId,
            filter: { terms: { hourStart: [...q.hourStarts] } },
            cellPrefixes: q.cellPrefixes,
          })),
        ),
      ),
    );
    return parts.flat().map((result) => result.sums);
  }

  /** Writes rollup documents, each versioned by the contributions position its sums saw. */
  async writeRollups(
    docs: readonly { doc: RollupDocument; asOf: number }[],
  ): Promise<BulkItemResult[]> {
    return this.bulk(
      docs.map(({ doc, asOf }) => ({
        action: {
          index: {
            _index: rollupIndexName(doc.metric, doc.interval, this.prefix),
            _id: rollupDocumentId(doc),
            version: asOf,
            // gte: an equal version saw the same contributions, so rewriting it is harmless; a
            // lower one (a recompute that saw less, e.g. another replica's) is rejected.
            version_type: 'external_gte',
          },
        },
        source: doc,
      })),
    );
  }

  /** Which alert keys were already raised. */
  async raisedAlerts(dedupeKeys: readonly string[]): Promise<Set<string>> {
    if (dedupeKeys.length === 0) {
      return new Set();
    }
    const response = await this.call(() =>
      this.client.mget({ index: this.names.alerts, body: { ids: [...dedupeKeys] } }),
    );
    const docs = (response.body as { docs: { _id: string; found?: boolean }[] }).docs;
    return new Set(docs.filter((d) => d.found).map((d) => d._id));
  }

  /** Marks alerts raised (create only: a concurrent mark of the same key is a no-op). */
  async markAlertsRaised(
    marks: readonly { dedupeKey: string; doc: Record<string, unknown> }[],
  ): Promise<void> {
    await this.bulk(
      marks.map((m) => ({
        action: { create: { _index: this.names.alerts, _id: m.dedupeKey } },
        source: m.doc,
      })),
    );
  }

  private async sumMany(
    queries: readonly { tenantId: string; filter: Query; cellPrefixes?: readonly string[] }[],
  ): Promise<BucketSums[]> {
    const results = queries.map(() => ({
      sums: new Map<string, Record<Measure, number>>(),
      asOf: 0,
    }));
    let pending = queries.map((q, slot) => ({
      ...q,
      slot,
      after: undefined as { cell: string } | undefined,
    }));
    while (pending.length > 0) {
      const body = pending.flatMap((q) => [{ index: this.names.contributions }, searchBody(q)]);
      const response = await this.call(() => this.client.msearch({ body }));
      const answers = (response.body as { responses: unknown[] }).responses;
      const next: typeof pending = [];
      pending.forEach((q, i) => {
        const answer = answers[i] as { error?: unknown; aggregations?: Record<string, unknown> };
        if (answer.error || !answer.aggregations) {
          throw new RetryableError('bucket sums query failed', { cause: answer.error });
        }
        const { composite, asOf } = readAggregations(answer.aggregations);
        const result = results[q.slot] as {
          sums: Map<string, Record<Measure, number>>;
          asOf: number;
        };
        // Every page must come from the same view of the contributions: when a later page saw
        // another one (a concurrent writer), the bucket is summed again from its first page.
        if (q.after && asOf !== result.asOf) {
          result.sums.clear();
          result.asOf = asOf;
          next.push({ ...q, after: undefined });
          return;
        }
        result.asOf = asOf;
        for (const bucket of composite.buckets) {
          result.sums.set(bucket.key.cell, measuresOf(bucket));
        }
        if (composite.after_key && composite.buckets.length === COMPOSITE_PAGE) {
          next.push({ ...q, after: composite.after_key });
        }
      });
      pending = next;
    }
    return results;
  }

  private async bulk(
    lines: readonly { action: unknown; source: unknown }[],
  ): Promise<BulkItemResult[]> {
    if (lines.length === 0) {
      return [];
    }
    const body = lines
      .map((l) => `${JSON.stringify(l.action)}\n${JSON.stringify(l.source)}\n`)
      .join('');
    const response = await this.call(() => this.client.bulk({ body: body as never }));
    const items = (
      response.body as {
        items: Record<string, { _id: string; _index: string; status: number; error?: never }>[];
      }
    ).items;
    return items.map((item) => {
      const result = Object.values(item)[0] as {
        _id: string;
        _index: string;
        status: number;
        error?: never;
      };
      return { id: result._id, index: result._index, ...classifyBulkItem(result) };
    });
  }

  private async createIfMissing(
    index: string,
    body: Record<string, unknown>,
    alias?: string,
  ): Promise<void> {
    const exists = await this.call(() => this.client.indices.exists({ index: alias ?? index }));
    if (exists.body) {
      return;
    }
    await this.call(() => this.client.indices.create({ index, body })).catch((error: unknown) => {
      // Another replica created it between our check and our create (classified as
      // "opensearch answered 400 resource_already_exists_exception").
      if (!(error instanceof Error) || !error.message.includes('resource_already_exists')) {
        throw error;
      }
    });
  }

  private async call<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toClassifiedError(error) ?? error;
    }
  }
}

function searchBody(q: {
  tenantId: string;
  filter: Query;
  cellPrefixes?: readonly string[];
  after?: { cell: string };
}): Query {
  const composite = {
    composite: {
      size: COMPOSITE_PAGE,
      sources: [{ cell: { terms: { field: 'entries.cell' } } }],
      ...(q.after ? { after: q.after } : {}),
    },
    aggs: Object.fromEntries(MEASURES.map((m) => [m, { sum: { field: `entries.${m}` } }])),
  };
  const cells = q.cellPrefixes
    ? {
        only: {
          filter: {
            bool: { should: q.cellPrefixes.map((p) => ({ prefix: { 'entries.cell': p } })) },
          },
          aggs: { cells: composite },
        },
      }
    : { cells: composite };
  return {
    size: 0,
    query: { bool: { filter: [{ term: { tenantId: q.tenantId } }, q.filter] } },
    aggs: {
      entries: { nested: { path: 'entries' }, aggs: cells },
      // The view of the whole index this search saw (same reader as the sums: one shard).
      position: {
        global: {},
        aggs: {
          roots: {
            filter: { exists: { field: 'tenantId' } },
            aggs: { seq: { sum: { field: '_seq_no' } } },
          },
        },
      },
    },
  };
}

function readAggregations(aggregations: Record<string, unknown>): {
  composite: CompositeAgg;
  asOf: number;
} {
  const entries = aggregations['entries'] as {
    cells?: CompositeAgg;
    only?: { cells: CompositeAgg };
  };
  const composite = entries.cells ?? entries.only?.cells ?? { buckets: [] };
  const position = aggregations['position'] as { roots: { seq: { value: number | null } } };
  return { composite, asOf: Math.max(0, position.roots.seq.value ?? 0) };
}

function measuresOf(bucket: Record<string, unknown>): Record<Measure, number> {
  const measures = zeroMeasures();
  for (const m of MEASURES) {
    measures[m] = Math.round((bucket[m] as { value: number | null } | undefined)?.value ?? 0);
  }
  return measures;
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );
}
