// Which of Graph's limits a request counts against (libs/contracts/graph-reference/FACTS.md §9):
// the report functions have their own (per app per tenant 200 req/60 s), call-record requests count
// per tenant and per record.

export type GraphRequestKind =
  | { readonly kind: 'report' }
  | { readonly kind: 'call-record'; readonly callRecordId: string }
  | { readonly kind: 'other' };

const REPORT =
  /\/callRecords\/(?:microsoft\.graph\.callRecords\.)?(getPstnCalls|getDirectRoutingCalls)\(/;
const RECORD = /\/callRecords\/([^/?()]+)/;

/** Classifies a request path or nextLink URL. */
export function graphRequestKind(path: string): GraphRequestKind {
  if (REPORT.test(path)) {
    return { kind: 'report' };
  }
  const recordId = RECORD.exec(path)?.[1];
  return recordId
    ? { kind: 'call-record', callRecordId: decodeURIComponent(recordId) }
    : { kind: 'other' };
}
