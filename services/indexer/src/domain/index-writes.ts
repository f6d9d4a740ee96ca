import { PermanentError } from '@callrecords/contracts';
import type {
  CallRecordFetchedV1,
  DirectRoutingCallRowV1,
  IndexId,
  PstnCallRowV1,
} from '@callrecords/contracts';

import { toCallRecordDocument } from './to-call-record-document';
import { toDirectRoutingCallDocument, toPstnCallDocument } from './to-report-row-documents';
import { toStreamDocuments } from './to-stream-documents';

/** Every event the indexer consumes. */
export type IndexedEvent = CallRecordFetchedV1 | PstnCallRowV1 | DirectRoutingCallRowV1;

/** One document to write, before it meets an index name (the shell resolves the write alias). */
export interface IndexWrite {
  readonly index: IndexId;
  /** `<tenantId>:<document id>`: ids are unique per tenant only. */
  readonly id: string;
  /** External version: a write at or below the stored version is a no-op. */
  readonly version: number;
  readonly document: Readonly<Record<string, unknown>>;
}

/**
 * The external version of a report row: the epoch milliseconds of its fetch. Graph rows carry no
 * version; a later fetch of the same row (a corrected charge) then wins, while a redelivered or
 * replayed event has the same version and is a no-op, and an older one arriving late is stale.
 */
export function reportRowVersion(fetchedAt: string): number {
  const ms = Date.parse(fetchedAt);
  return Number.isNaN(ms) ? 0 : ms;
}

// OpenSearch refuses a whole bulk request when one `_id` is longer than 512 bytes.
const MAX_ID_BYTES = 512;

/** `<tenantId>:<id>`; throws PermanentError (the event is dead-lettered) when OpenSearch would refuse it. */
export function scopedDocumentId(tenantId: string, id: string): string {
  const scoped = `${tenantId}:${id}`;
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short ids (all real ones) need no encoding.
  if (scoped.length * 3 > MAX_ID_BYTES && new TextEncoder().encode(scoped).length > MAX_ID_BYTES) {
    throw new PermanentError(`document id longer than ${MAX_ID_BYTES} bytes`);
  }
  return scoped;
}

/**
 * The documents an event turns into, each with its id and external version. Throws PermanentError
 * for an event no document can be made of.
 */
export function indexWritesOf(event: IndexedEvent): IndexWrite[] {
  const scoped = (id: string) => scopedDocumentId(event.tenantId, id);
  switch (event.type) {
    case 'CallRecordFetched': {
      const version = event.payload.callRecord.version;
      const record = toCallRecordDocument(event);
      return [
        { index: 'records', id: scoped(record.id), version, document: record },
        ...toStreamDocuments(event).map((stream) => ({
          index: 'streams' as const,
          id: scoped(stream.id),
          version,
          document: stream,
        })),
      ];
    }
    case 'PstnCallRow': {
      const document = toPstnCallDocument(event);
      const version = reportRowVersion(event.payload.fetchedAt);
      return [{ index: 'pstnCalls', id: scoped(document.id), version, document }];
    }
    case 'DirectRoutingCallRow': {
      const document = toDirectRoutingCallDocument(event);
      const version = reportRowVersion(event.payload.fetchedAt);
      return [{ index: 'directRoutingCalls', id: scoped(document.id), version, document }];
    }
  }
}
