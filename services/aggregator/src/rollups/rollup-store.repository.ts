import {
  PERSONAL_ROLLUP_DIMENSIONS,
  rollupConcreteIndexName,
  rollupDocumentId,
  rollupIndexBody,
  rollupIndexName,
} from '@callrecords/contracts';
import type { RollupDocument, RollupInterval, RollupMetric } from '@callrecords/contracts';
import { bulkWrite, deleteMatching, ensureIndex, getDocuments } from '@callrecords/opensearch';
import type {
  BulkItemResult,
  DocumentWrite,
  OpenSearchClient,
  StoredDocument,
} from '@callrecords/opensearch';

import { ALERTS_INDEX_BODY, ROLLUP_INDEX_KEYS } from './rollup-indexes.constants';
import type { AggregatorIndexNames } from './rollup-indexes.constants';

/** A rollup document's place: its alias and `_id`. */
export interface RollupRef {
  readonly index: string;
  readonly id: string;
}

/** A map key for a rollup ref. */
export function refKey(ref: RollupRef): string {
  return `${ref.index}/${ref.id}`;
}

/** The write position a compare-and-set goes over. */
export interface WritePosition {
  readonly seqNo: number;
  readonly primaryTerm: number;
}

/** OpenSearch I/O of the aggregator (through @callrecords/opensearch): rollups and alert marks. */
export class RollupStoreRepository {
  constructor(
    private readonly client: OpenSearchClient,
    private readonly names: AggregatorIndexNames,
    private readonly options: { readonly prefix: string },
  ) {}

  /** Creates every index the aggregator writes, if missing (idempotent, safe on concurrent boots). */
  async ensureIndexes(): Promise<void> {
    const { prefix } = this.options;
    await ensureIndex(this.client, { index: this.names.alerts, body: ALERTS_INDEX_BODY });
    for (const { metric, interval } of ROLLUP_INDEX_KEYS) {
      await ensureIndex(this.client, {
        index: rollupConcreteIndexName(metric, interval, prefix),
        body: rollupIndexBody(metric, interval, prefix),
        alias: rollupIndexName(metric, interval, prefix),
      });
    }
  }

  rollupRef(doc: {
    metric: RollupMetric;
    interval: RollupInterval;
    tenantId: string;
    bucketStart: string;
    dimension: string;
    value: string;
  }): RollupRef {
    return {
      index: rollupIndexName(doc.metric, doc.interval, this.options.prefix),
      id: rollupDocumentId(doc),
    };
  }

  /** The stored rollup documents (in input order), with their write positions. */
  async getRollups(refs: readonly RollupRef[]): Promise<(StoredDocument | undefined)[]> {
    return getDocuments(this.client, refs);
  }

  /** Writes rollup documents, each only over the version it was computed from (or as new). */
  async writeRollups(
    writes: readonly { doc: RollupDocument; over: WritePosition | undefined }[],
  ): Promise<BulkItemResult[]> {
    return bulkWrite(
      this.client,
      writes.map(({ doc, over }): DocumentWrite => {
        const { index, id } = this.rollupRef(doc);
        const document = doc as unknown as Record<string, unknown>;
        return over
          ? {
              action: 'index',
              index,
              id,
              document,
              ifSeqNo: over.seqNo,
              ifPrimaryTerm: over.primaryTerm,
            }
          : { action: 'create', index, id, document };
      }),
    );
  }

  /**
   * Deletes rollup documents whose bucket starts before `cutoff` (the contributions of records in
   * such hours stop counting at the same cutoff: ContributionState).
   */
  async pruneBefore(cutoff: string): Promise<{ rollups: number }> {
    const rollups = await deleteMatching(this.client, {
      index: ROLLUP_INDEX_KEYS.map((k) =>
        rollupIndexName(k.metric, k.interval, this.options.prefix),
      ).join(','),
      query: { range: { bucketStart: { lt: cutoff } } },
    });
    return { rollups };
  }

  /**
   * Deletes the rollup cells of personal dimensions (PSTN `user`) past their tenant's retention:
   * `queries` from retentionDeleteQueriesOn('bucketStart', …).
   */
  async prunePersonalCells(
    queries: readonly Record<string, unknown>[],
  ): Promise<{ cells: number }> {
    let cells = 0;
    for (const { metric, dimension } of PERSONAL_ROLLUP_DIMENSIONS) {
      const index = ROLLUP_INDEX_KEYS.filter((k) => k.metric === metric)
        .map((k) => rollupIndexName(k.metric, k.interval, this.options.prefix))
        .join(',');
      for (const query of queries) {
        cells += await deleteMatching(this.client, {
          index,
          query: { bool: { filter: [{ term: { dimension } }, query] } },
        });
      }
    }
    return { cells };
  }

  /** Which alert keys were already raised. */
  async raisedAlerts(dedupeKeys: readonly string[]): Promise<Set<string>> {
    const index = this.names.alerts;
    const found = await getDocuments(
      this.client,
      dedupeKeys.map((id) => ({ index, id })),
    );
    return new Set(found.flatMap((d) => (d ? [d.id] : [])));
  }

  /** Marks alerts raised (create only: a concurrent mark of the same key is a no-op). */
  async markAlertsRaised(
    marks: readonly { dedupeKey: string; doc: Record<string, unknown> }[],
  ): Promise<void> {
    await bulkWrite(
      this.client,
      marks.map((m) => ({
        action: 'create',
        index: this.names.alerts,
        id: m.dedupeKey,
        document: m.doc,
      })),
    );
  }
}
