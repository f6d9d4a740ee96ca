import { errors } from '@opensearch-project/opensearch';
import type { API, Client } from '@opensearch-project/opensearch';

import { PermanentError, RetryableError } from '@callrecords/contracts';

import type { BulkItemResult } from './bulk/bulk-item';
import { sendBulk } from './bulk/bulk-upsert';
import type { BulkUpsertOptions } from './bulk/bulk-upsert';
import { errorTypeOf, throwClassified } from './errors';

/** Where a document is, and the write position that guards a compare-and-set on it. */
export interface StoredDocument {
  readonly index: string;
  readonly id: string;
  readonly source: Readonly<Record<string, unknown>>;
  /** `_seq_no` and `_primary_term` of the stored version (for `ifSeqNo` / `ifPrimaryTerm`). */
  readonly seqNo: number;
  readonly primaryTerm: number;
}

/**
 * One write of a bulk: `create` fails (`stale`) when the id exists, `index` replaces. `ifSeqNo`
 * with `ifPrimaryTerm` writes only over that exact stored version (optimistic concurrency: a
 * concurrent writer makes it `stale`); `version` with `versionType` orders writes externally.
 */
export interface DocumentWrite {
  readonly action: 'index' | 'create';
  readonly index: string;
  readonly id: string;
  readonly document: Readonly<Record<string, unknown>>;
  readonly ifSeqNo?: number;
  readonly ifPrimaryTerm?: number;
  readonly version?: number;
  readonly versionType?: 'external' | 'external_gte';
}

/**
 * Reads documents by index (or alias) and id in one realtime multi-get (sees writes not yet
 * refreshed); answers in input order, undefined for a missing document or index. Throws classified
 * errors.
 */
export async function getDocuments(
  client: Client,
  refs: readonly { readonly index: string; readonly id: string }[],
): Promise<(StoredDocument | undefined)[]> {
  if (refs.length === 0) {
    return [];
  }
  const response = await client
    .mget({ body: { docs: refs.map((r) => ({ _index: r.index, _id: r.id })) } })
    .catch(throwClassified);
  const docs = (response.body as unknown as { docs: RawGetResult[] }).docs;
  if (docs.length !== refs.length) {
    throw new RetryableError(`multi-get answered ${docs.length} documents for ${refs.length}`);
  }
  return docs.map((doc) => {
    if (doc.error && doc.error.type !== 'index_not_found_exception') {
      throw new RetryableError(`opensearch multi-get failed (${doc.error.type ?? 'error'})`);
    }
    return doc.found && doc._source
      ? {
          index: doc._index,
          id: doc._id,
          source: doc._source,
          seqNo: doc._seq_no ?? 0,
          primaryTerm: doc._primary_term ?? 0,
        }
      : undefined;
  });
}

/**
 * Sends writes in one bulk request and reports each item in input order (`stale` for a conflict:
 * an existing id on create, a moved `_seq_no`, or a lower external version); a written item
 * carries its new `seqNo` and `primaryTerm`, for the next compare-and-set over it.
 */
export async function bulkWrite(
  client: Client,
  writes: readonly DocumentWrite[],
  options: BulkUpsertOptions = {},
): Promise<BulkItemResult[]> {
  return sendBulk(
    client,
    writes.map((write) => {
      const ndjson = `${JSON.stringify({ [write.action]: actionOf(write) })}\n${JSON.stringify(write.document)}\n`;
      return { id: write.id, index: write.index, ndjson, bytes: Buffer.byteLength(ndjson) };
    }),
    { ...options, positions: true },
  );
}

function actionOf(write: DocumentWrite): Record<string, unknown> {
  if (write.version !== undefined && !Number.isSafeInteger(write.version)) {
    throw new PermanentError(`document ${write.id}: version must be a safe integer`);
  }
  return {
    _index: write.index,
    _id: write.id,
    ...(write.ifSeqNo === undefined
      ? {}
      : { if_seq_no: write.ifSeqNo, if_primary_term: write.ifPrimaryTerm }),
    ...(write.version === undefined
      ? {}
      : { version: write.version, version_type: write.versionType ?? 'external' }),
  };
}

/**
 * Creates an index (with its alias, if any) unless the index or alias exists; safe when several
 * replicas boot at once. Adds `properties` missing from an existing index's mapping (additive).
 */
export async function ensureIndex(
  client: Client,
  options: {
    readonly index: string;
    readonly body: Readonly<Record<string, unknown>>;
    readonly alias?: string;
  },
): Promise<void> {
  const target = options.alias ?? options.index;
  const exists = await client.indices.exists({ index: target }).catch(throwClassified);
  if (!exists.body) {
    const created = await client.indices
      .create({ index: options.index, body: options.body })
      .then(() => true)
      .catch((error: unknown) => {
        // Another replica created it between our check and our create.
        if (errorType(error) === 'resource_already_exists_exception') {
          return false;
        }
        return throwClassified(error);
      });
    if (created) {
      return;
    }
  }
  const properties = (options.body['mappings'] as { properties?: Record<string, unknown> })
    ?.properties;
  if (properties) {
    await client.indices
      .putMapping({ index: target, body: { properties } as API.Indices_PutMapping_RequestBody })
      .catch(throwClassified);
  }
}

function errorType(error: unknown): string | undefined {
  return error instanceof errors.ResponseError ? errorTypeOf(error.body) : undefined;
}

interface RawGetResult {
  readonly _index: string;
  readonly _id: string;
  readonly found?: boolean;
  readonly _source?: Record<string, unknown>;
  readonly _seq_no?: number;
  readonly _primary_term?: number;
  readonly error?: { readonly type?: string };
}

/**
 * Deletes the documents matching `query` in `index` (an alias, index or comma list; missing ones
 * are skipped), every write acknowledged before the call included, and answers how many went;
 * conflicts with concurrent writes are skipped, not fatal.
 */
export async function deleteMatching(
  client: Client,
  options: { readonly index: string; readonly query: Readonly<Record<string, unknown>> },
): Promise<number> {
  // Delete-by-query reads a snapshot of what is searchable: refresh first, so it sees every write.
  await client.indices
    .refresh({ index: options.index, ignore_unavailable: true, allow_no_indices: true })
    .catch(throwClassified);
  const response = await client
    .deleteByQuery({
      index: options.index,
      body: { query: options.query },
      conflicts: 'proceed',
      ignore_unavailable: true,
      allow_no_indices: true,
      refresh: true,
    })
    .catch(throwClassified);
  return Number((response.body as { deleted?: number }).deleted ?? 0);
}
