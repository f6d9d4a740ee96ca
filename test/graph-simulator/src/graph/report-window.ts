import { GRAPH_LIMITS } from '../simulator.constants';
import type { JsonObject } from '../simulator.types';

// The PSTN and Direct Routing report functions: parsing the call segment and the window rules
// (libs/contracts/graph-reference/FACTS.md 14 and 15). PSTN: window ≤ 90 days, both ends inclusive.
// Direct Routing: `to` exclusive, no documented maximum window.

export type ReportKind = 'getPstnCalls' | 'getDirectRoutingCalls';

export interface ReportCall {
  readonly kind: ReportKind;
  readonly from: number;
  readonly to: number;
  /** The parameter text as the caller wrote it, reused verbatim in nextLinks. */
  readonly rawParameters: string;
}

export type ReportCallResult = { ok: true; call: ReportCall } | { ok: false; message: string };

const CALL = /^(?:microsoft\.graph\.callRecords\.)?(getPstnCalls|getDirectRoutingCalls)\((.*)\)$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** True when the path segment is a report function call rather than a record id. */
export function isReportSegment(segment: string): boolean {
  return CALL.test(segment);
}

function parseDateTime(text: string | undefined): number | undefined {
  const value = text?.trim().replace(/^'|'$/g, '');
  if (!value || !(DATE_ONLY.test(value) || DATE_TIME.test(value))) {
    return undefined;
  }
  const parsed = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function parameters(text: string): Map<string, string> {
  return new Map(
    text.split(',').map((pair) => {
      const [key, ...value] = pair.split('=');
      return [key?.trim() ?? '', value.join('=')] as const;
    }),
  );
}

export function parseReportCall(segment: string): ReportCallResult {
  const match = CALL.exec(segment);
  if (!match?.[1] || match[2] === undefined) {
    return { ok: false, message: `Resource not found for the segment '${segment}'.` };
  }
  const params = parameters(match[2]);
  const from = parseDateTime(params.get('fromDateTime'));
  const to = parseDateTime(params.get('toDateTime'));
  if (from === undefined || to === undefined) {
    return {
      ok: false,
      message: 'fromDateTime and toDateTime are required and must be ISO 8601 dates or date-times.',
    };
  }
  const kind = match[1] as ReportKind;
  const windowError = validateWindow(kind, from, to);
  return windowError
    ? { ok: false, message: windowError }
    : { ok: true, call: { kind, from, to, rawParameters: match[2] } };
}

export function validateWindow(kind: ReportKind, from: number, to: number): string | undefined {
  if (to <= from) {
    return 'toDateTime must be later than fromDateTime.';
  }
  if (kind === 'getPstnCalls' && to - from > GRAPH_LIMITS.pstnMaxWindowDays * DAY_MS) {
    return `The requested date range exceeds ${GRAPH_LIMITS.pstnMaxWindowDays} days.`;
  }
  return undefined;
}

export function isRowInWindow(row: JsonObject, call: ReportCall): boolean {
  const start = Date.parse(String(row['startDateTime']));
  if (Number.isNaN(start) || start < call.from) {
    return false;
  }
  return call.kind === 'getPstnCalls' ? start <= call.to : start < call.to;
}

/** Rows of the window in a stable order: by start, then id. */
export function rowsInWindow(rows: readonly JsonObject[], call: ReportCall): JsonObject[] {
  return rows
    .filter((row) => isRowInWindow(row, call))
    .sort(
      (a, b) =>
        Date.parse(String(a['startDateTime'])) - Date.parse(String(b['startDateTime'])) ||
        String(a['id']).localeCompare(String(b['id'])),
    );
}
