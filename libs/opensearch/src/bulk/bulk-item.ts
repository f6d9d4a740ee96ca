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
  /** `<error type>` and the field names involved, for retryable and poison items; never a value. */
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
  const text = rawReasonOf(error, status);
  const reason = describeReason(error, status);
  // A missing write alias or index is an infrastructure gap the provisioner closes, not a bad document.
  const infrastructureGap =
    type === 'index_not_found_exception' || /no write index is defined/i.test(text);
  if (status === 429 || status >= 500 || isRetryableErrorType(type) || infrastructureGap) {
    return { status: 'retryable', reason };
  }
  // mapper_parsing, strict_dynamic_mapping, illegal_argument and any other 4xx: the same document
  // will be rejected again, so it goes to the dead-letter topic.
  return { status: 'poison', reason };
}

function rawReasonOf(error: BulkResponseItemLike['error'], status: number): string {
  if (typeof error === 'string') {
    return error;
  }
  return error?.reason ?? `status ${status}`;
}

// The names of fields an OpenSearch reason mentions: `field [x]` (not `date field [x]`, whose
// brackets hold the value), `introduction of [x]` (strict mapping), `mapper [x]`. Field names
// come from our mappings and Graph's schema, never from a person.
const FIELD_NAME_PATTERNS = [
  /(?<!date )field \[([\w.@-]{1,100})\]/g,
  /introduction of \[([\w.@-]{1,100})\]/g,
  /mapper \[([\w.@-]{1,100})\]/g,
];

/**
 * `<error type>` and the field names the reason mentions, nothing else. OpenSearch's reason text
 * quotes document values (`Preview of field's value: 'Alice'`, `failed to parse date field
 * [Alice]`, `For input string: "+4930…"`) that may be personal data, and it ends up in logs and
 * dead letters: only what is known not to be a value is kept (issue #18).
 */
function describeReason(error: BulkResponseItemLike['error'], status: number): string {
  const type = typeof error === 'object' && error?.type ? error.type : `status ${status}`;
  const text = rawReasonOf(error, status);
  const fields = new Set<string>();
  for (const pattern of FIELD_NAME_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      fields.add(match[1] as string);
    }
  }
  const named = [...fields].map((field) => `[${field}]`).join(' ');
  const reason = named === '' ? type : `${type}: field ${named}`;
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;
}
