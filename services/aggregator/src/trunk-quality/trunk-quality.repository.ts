import {
  ROLLUP_INTERVALS,
  trunkQualityRollupConcreteIndexName,
  trunkQualityRollupDocumentId,
  trunkQualityRollupIndexBody,
  trunkQualityRollupIndexName,
} from '@callrecords/contracts';
import type { RollupInterval, TrunkQualityRollupDocument } from '@callrecords/contracts';
import {
  bulkWrite,
  ensureIndex,
  getDocuments,
  refreshIndex,
  search,
} from '@callrecords/opensearch';
import type { BulkItemResult, OpenSearchClient, StoredDocument } from '@callrecords/opensearch';

import {
  bucketStartsOf,
  cellKeyOf,
  cellsOf,
  joinKeyOf,
  QUALITY_MEASURES,
  trunksOf,
  ZERO_QUALITY,
} from '../domain/trunk-join';
import type { RecordQuality, TrunkCell, TrunkJoinState } from '../domain/trunk-join';
import { TRUNK_JOIN_INDEX_BODY, trunkJoinIndexName } from './trunk-quality-indexes.constants';

const SEARCH_TIMEOUT_MS = 30_000;

/** A stored document and the position a compare-and-set write must match. */
export interface Versioned<T> {
  readonly value: T;
  readonly seqNo: number;
  readonly primaryTerm: number;
}

/** The sums of one cell: its calls and their quality measures. */
export interface CellSums {
  readonly calls: number;
  readonly sums: RecordQuality;
}

/** OpenSearch I/O of the trunk-quality module (through @callrecords/opensearch). */
export class TrunkQualityRepository {
  private readonly joinIndex: string;

  constructor(
    private readonly client: OpenSearchClient,
    private readonly prefix: string,
  ) {
    this.joinIndex = trunkJoinIndexName(prefix);
  }

  /** Creates the join index and both rollup indexes if missing (idempotent). */
  async ensureIndexes(): Promise<void> {
    await ensureIndex(this.client, { index: this.joinIndex, body: TRUNK_JOIN_INDEX_BODY });
    for (const interval of ROLLUP_INTERVALS) {
      await ensureIndex(this.client, {
        index: trunkQualityRollupConcreteIndexName(interval, this.prefix),
        body: trunkQualityRollupIndexBody(interval, this.prefix),
        alias: trunkQualityRollupIndexName(interval, this.prefix),
      });
    }
  }

  /** The stored join states by key (realtime multi-get). */
  async getStates(keys: readonly string[]): Promise<Map<string, Versioned<TrunkJoinState>>> {
    const found = await getDocuments(
      this.client,
      keys.map((id) => ({ index: this.joinIndex, id })),
    );
    return new Map(found.flatMap((doc) => (doc ? [[doc.id, versioned(doc, stateOf)]] : [])));
  }

  /** Writes states over the versions read (`create` where none was): a moved one comes back stale. */
  writeStates(
    states: readonly { state: TrunkJoinState; read: Versioned<TrunkJoinState> | undefined }[],
  ): Promise<BulkItemResult[]> {
    return bulkWrite(
      this.client,
      states.map(({ state, read }) => ({
        ...casOf(read),
        index: this.joinIndex,
        id: joinKeyOf(state),
        document: joinDocumentOf(state),
      })),
    );
  }

  /** Makes the written states visible to the sums (a search reads refreshed data only). */
  refreshStates(): Promise<void> {
    return refreshIndex(this.client, this.joinIndex);
  }

  /** The stored rollup documents of the cells, by cell key. */
  async getRollups(cells: readonly TrunkCell[]): Promise<Map<string, Versioned<unknown>>> {
    const found = await getDocuments(
      this.client,
      cells.map((cell) => ({ index: this.rollupIndex(cell.interval), id: rollupIdOf(cell) })),
    );
    const byId = new Map(cells.map((cell) => [rollupIdOf(cell), cellKeyOf(cell)]));
    return new Map(
      found.flatMap((doc) => (doc ? [[byId.get(doc.id) ?? '', versioned(doc, (s) => s)]] : [])),
    );
  }

  /** Writes rollup documents over the versions read: a moved one comes back stale. */
  writeRollups(
    docs: readonly { doc: TrunkQualityRollupDocument; read: Versioned<unknown> | undefined }[],
  ): Promise<BulkItemResult[]> {
    return bulkWrite(
      this.client,
      docs.map(({ doc, read }) => ({
        ...casOf(read),
        index: this.rollupIndex(doc.interval),
        id: rollupIdOf(doc),
        document: doc,
      })),
    );
  }

  /** Sums the joined calls of each cell (cells of one tenant and interval). */
  async sumCells(cells: readonly TrunkCell[]): Promise<Map<string, CellSums>> {
    const [first] = cells;
    if (!first) {
      return new Map();
    }
    const field = first.interval === 'hour' ? 'hourStart' : 'dayStart';
    const buckets = [...new Set(cells.map((cell) => cell.bucketStart))];
    const trunks = [...new Set(cells.map((cell) => cell.trunk))];
    const result = await search(this.client, {
      index: this.joinIndex,
      timeoutMs: SEARCH_TIMEOUT_MS,
      body: sumsSearch({ tenantId: first.tenantId, field, buckets, trunks }),
    });
    return sumsByCell(result.aggregations, first);
  }

  private rollupIndex(interval: RollupInterval): string {
    return trunkQualityRollupIndexName(interval, this.prefix);
  }
}

function rollupIdOf(cell: TrunkCell): string {
  return trunkQualityRollupDocumentId(cell);
}

function casOf(read: Versioned<unknown> | undefined) {
  return read
    ? { action: 'index' as const, ifSeqNo: read.seqNo, ifPrimaryTerm: read.primaryTerm }
    : { action: 'create' as const };
}

function versioned<T>(doc: StoredDocument, map: (source: Record<string, unknown>) => T) {
  return { value: map(doc.source), seqNo: doc.seqNo, primaryTerm: doc.primaryTerm };
}

function stateOf(source: Record<string, unknown>): TrunkJoinState {
  const { tenantId, callRecordId, record, rows } = source as unknown as TrunkJoinState;
  return { tenantId, callRecordId, record, rows };
}

/** The stored state plus what the sums filter on and add (zeros until the record is known). */
function joinDocumentOf(state: TrunkJoinState): Record<string, unknown> {
  const buckets = bucketStartsOf(state.record?.startDateTime ?? null);
  return {
    ...state,
    joined: cellsOf(state).length > 0,
    trunks: trunksOf(state),
    hourStart: buckets?.hour ?? null,
    dayStart: buckets?.day ?? null,
    ...(state.record?.quality ?? ZERO_QUALITY),
  };
}

function sumsSearch(input: {
  tenantId: string;
  field: string;
  buckets: readonly string[];
  trunks: readonly string[];
}): Record<string, unknown> {
  const sums = Object.fromEntries(QUALITY_MEASURES.map((m) => [m, { sum: { field: m } }]));
  return {
    size: 0,
    query: {
      bool: {
        filter: [
          { term: { tenantId: input.tenantId } },
          { term: { joined: true } },
          { terms: { [input.field]: [...input.buckets] } },
          { terms: { trunks: [...input.trunks] } },
        ],
      },
    },
    aggs: {
      buckets: {
        terms: { field: input.field, size: input.buckets.length },
        aggs: {
          trunks: {
            terms: { field: 'trunks', size: input.trunks.length, include: [...input.trunks] },
            aggs: sums,
          },
        },
      },
    },
  };
}

interface TermBucket {
  readonly key: string;
  readonly doc_count: number;
  readonly [aggregation: string]: unknown;
}

function sumsByCell(
  aggregations: Readonly<Record<string, unknown>>,
  like: Pick<TrunkCell, 'tenantId' | 'interval'>,
): Map<string, CellSums> {
  const byCell = new Map<string, CellSums>();
  const outer = (aggregations['buckets'] as { buckets?: TermBucket[] } | undefined)?.buckets;
  for (const bucket of outer ?? []) {
    const inner = (bucket['trunks'] as { buckets?: TermBucket[] } | undefined)?.buckets;
    for (const trunk of inner ?? []) {
      const cell = { ...like, bucketStart: bucket.key, trunk: trunk.key };
      const sums = Object.fromEntries(
        QUALITY_MEASURES.map((m) => [m, (trunk[m] as { value?: number } | undefined)?.value ?? 0]),
      ) as unknown as RecordQuality;
      byCell.set(cellKeyOf(cell), { calls: trunk.doc_count, sums });
    }
  }
  return byCell;
}
