import type { API, Client } from '@opensearch-project/opensearch';

import { PermanentError, RetryableError } from '@callrecords/contracts';

import { classifyBulkItem } from './bulk-item';
import type { BulkResponseItemLike } from './bulk-item';
import type { BulkItemResult } from './bulk-item';
import { throwClassified } from '../errors';

/**
 * A document and the version that orders it (Graph's callRecord `version`,
 * libs/contracts/graph-reference/FACTS.md fact 13).
 */
export interface VersionedDocument {
  /** Usually a write alias (`callrecords-records-write`), never a concrete index name. */
  readonly index: string;
  readonly id: string;
  /** Non-negative safe integer; a higher version replaces a lower one, never the reverse. */
  readonly version: number;
  readonly document: Readonly<Record<string, unknown>>;
  readonly routing?: string;
}

export interface BulkUpsertOptions {
  /**
   * `wait_for` makes the documents searchable before the call returns (tests, read-your-writes).
   */
  readonly refresh?: boolean | 'wait_for';
  /** Report each written item's new `_seq_no` and `_primary_term` (a compare-and-set writer). */
  readonly positions?: boolean;
}

/** A document already turned into its two NDJSON lines, so its size is known before sending. */
export interface SerializedDocument {
  readonly id: string;
  readonly index: string;
  readonly ndjson: string;
  readonly bytes: number;
}

/**
 * Indexes every document in one bulk request with external versioning and reports each item in
 * input order. Versions at or below the stored one come back `stale` (a replayed duplicate is a
 * no-op). Throws RetryableError (unreachable, timeout, 429, 5xx) or PermanentError (other 4xx) when
 * the whole request fails.
 */
export async function bulkUpsertVersioned(
  client: Client,
  docs: readonly VersionedDocument[],
  options: BulkUpsertOptions = {},
): Promise<BulkItemResult[]> {
  return sendBulk(client, docs.map(serializeVersionedDocument), options);
}

// `external`, not `external_gte`: with `external` an equal version is a 409, so a redelivered event
// is a counted no-op. `external_gte` would rewrite the document on every duplicate, and two
// different bodies with the same version would overwrite each other in arrival order. Rewriting a
// whole index (new mapping) goes through a new index and an alias swap instead.
/**
 * Serializes one document to its bulk action and source lines; throws PermanentError on a bad
 * version.
 */
export function serializeVersionedDocument(doc: VersionedDocument): SerializedDocument {
  if (!Number.isSafeInteger(doc.version) || doc.version < 0) {
    throw new PermanentError(`document ${doc.id}: version must be a non-negative safe integer`);
  }
  // The action line by hand: only the strings need JSON escaping (one object less per document).
  const routing = doc.routing === undefined ? '' : `,"routing":${JSON.stringify(doc.routing)}`;
  const action = `{"index":{"_index":${JSON.stringify(doc.index)},"_id":${JSON.stringify(doc.id)},"version":${doc.version},"version_type":"external"${routing}}}`;
  const ndjson = `${action}\n${JSON.stringify(doc.document)}\n`;
  return { id: doc.id, index: doc.index, ndjson, bytes: Buffer.byteLength(ndjson) };
}

// One buffer of the known size, each document encoded straight into it. A joined string cost a
// copy, a second UTF-8 length scan by the client (content-length) and an encoding on the socket:
// ~10 µs CPU per 6 KB document against ~0.5 (issue #15).
function bulkBodyOf(docs: readonly SerializedDocument[]): Buffer {
  const body = Buffer.allocUnsafe(docs.reduce((total, doc) => total + doc.bytes, 0));
  let offset = 0;
  for (const doc of docs) {
    offset += body.write(doc.ndjson, offset);
  }
  return body;
}

/** Sends already serialized documents as one bulk request (what BulkWriter batches call). */
export async function sendBulk(
  client: Client,
  docs: readonly SerializedDocument[],
  options: BulkUpsertOptions = {},
): Promise<BulkItemResult[]> {
  if (docs.length === 0) {
    return [];
  }
  const response = await client
    .bulk({
      // The client sends a Buffer body verbatim; its types only know the array form.
      body: bulkBodyOf(docs) as unknown as API.Bulk_RequestBody,
      ...(options.refresh === undefined ? {} : { refresh: options.refresh }),
    })
    .catch(throwClassified);
  const items = response.body.items;
  if (items.length !== docs.length) {
    throw new RetryableError(`bulk answered ${items.length} items for ${docs.length} documents`);
  }
  return docs.map((doc, position) => {
    // One key per item: `index`, `create`, `update` or `delete`, whichever action the line had.
    const entry = items[position];
    const item = entry ? (Object.values(entry)[0] as BulkResponseItemLike | undefined) : undefined;
    const outcome = item
      ? classifyBulkItem(item)
      : { status: 'retryable' as const, reason: 'no index result' };
    const written =
      options.positions && outcome.status === 'written' && item?._seq_no !== undefined
        ? { seqNo: item._seq_no, primaryTerm: item._primary_term ?? 0 }
        : {};
    return { id: doc.id, index: doc.index, ...outcome, ...written };
  });
}
