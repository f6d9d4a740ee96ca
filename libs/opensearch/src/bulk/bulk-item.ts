import { isRetryableErrorType } from '../errors';

/** What happened to one document of a bulk request. */
export type BulkItemStatus = 'written' | 'stale' | 'retryable' | 'poison';

export interface BulkItemResult {
  readonly id: string;
  readonly index: string;
  /**
   * `written`: stored. `stale`: the index already holds this or a newer version (not an error).
   * `retryable`: OpenSearch was busy; send again later. `poison`: rejected for good (mapping).
   */
  readonly status: BulkItemStatus;
  /** `<error type>: <reason>` for retryable and poison items; never contains field values. */
  readonly reason?: string;
  /** Of a `written` item, when asked for (bulkWrite): its new `_seq_no` and `_primary_term`. */
  readonly seqNo?: number;
  readonly primaryTerm?: number;
}

/** One entry of a bulk response's `items[].index` (the fields this library reads). */
export interface BulkResponseItemLike {
  readonly status: number;
  readonly error?: { readonly type?: string; readonly reason?: string | null } | string | null;
  readonly _seq_no?: number;
  readonly _primary_term?: number;
}

const MAX_REASON_LENGTH = 300;

/** Classifies one bulk response item; a 409 version conflict is `stale`, not a failure. */
export function classifyBulkItem(item: BulkResponseItemLike): Omit<BulkItemResult, 'id' | 'index'> {
  const { status, error } = item;
  if (!error && status >= 200 && status < 300) {
    return { status: 'written' };
  }
  const type = typeof error === 'object' && error ? error.type : undefined;
  if (status === 409 || type === 'version_conflict_engine_exception') {
    return { status: 'stale' };
  }
  const reason = reasonOf(error, status);
  // A missing write alias or index is an infrastructure gap the provisioner closes, not a bad document.
  const infrastructureGap =
    type === 'index_not_found_exception' || /no write index is defined/i.test(reason);
  if (status === 429 || status >= 500 || isRetryableErrorType(type) || infrastructureGap) {
    return { status: 'retryable', reason };
  }
  // mapper_parsing, strict_dynamic_mapping, illegal_argument and any other 4xx: the same document
  // will be rejected again, so it goes to the dead-letter topic.
  return { status: 'poison', reason };
}

function reasonOf(error: BulkResponseItemLike['error'], status: number): string {
  if (typeof error === 'string') {
    return sanitize(error);
  }
  if (!error) {
    return `status ${status}`;
  }
  return sanitize(`${error.type ?? 'error'}: ${error.reason ?? `status ${status}`}`);
}

// Mapping errors quote the offending value ("Preview of field's value: '…'"), which may be personal
// data: keep the field name, drop the value.
function sanitize(reason: string): string {
  const cut = reason.search(/\.?\s*Preview of field's value/i);
  const kept = cut >= 0 ? reason.slice(0, cut) : reason;
  return kept.length > MAX_REASON_LENGTH ? `${kept.slice(0, MAX_REASON_LENGTH - 1)}…` : kept;
}
