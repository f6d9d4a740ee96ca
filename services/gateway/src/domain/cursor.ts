import { createHmac, timingSafeEqual } from 'node:crypto';

import { badInput } from './gateway.errors';

// Opaque, tamper-proof `search_after` cursors: the sort values, the tenant and the query's shape
// (sort and filter fingerprint) are signed with an HMAC. A cursor edited by hand, minted for another
// tenant or replayed against another filter is refused, so a cursor can never move a caller into
// data its filter (or tenant) does not cover.

export type SortValue = string | number;

export interface CursorPosition {
  readonly tenantId: string;
  /** Fingerprint of the query the cursor belongs to (sort + filter); see `queryFingerprint`. */
  readonly query: string;
  readonly values: readonly SortValue[];
}

const VERSION = 'c1';
const SEPARATOR = '~';

function encodeValue(value: SortValue): string {
  return typeof value === 'number'
    ? `n${String(value)}`
    : `s${Buffer.from(value, 'utf8').toString('base64url')}`;
}

function decodeValue(text: string): SortValue | undefined {
  const body = text.slice(1);
  if (text.startsWith('n')) {
    const number = Number(body);
    return body !== '' && !Number.isNaN(number) ? number : undefined;
  }
  return text.startsWith('s') ? Buffer.from(body, 'base64url').toString('utf8') : undefined;
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/** The cursor after `position`. */
export function encodeCursor(secret: string, position: CursorPosition): string {
  const payload = [
    VERSION,
    Buffer.from(position.tenantId, 'utf8').toString('base64url'),
    position.query,
    ...position.values.map(encodeValue),
  ].join(SEPARATOR);
  return `${Buffer.from(payload, 'utf8').toString('base64url')}.${sign(secret, payload)}`;
}

/**
 * The sort values of `cursor`, if it was signed with `secret` for this tenant and query; throws a
 * BAD_USER_INPUT error otherwise (never says which check failed).
 */
export function decodeCursor(
  secret: string,
  cursor: string,
  expected: { readonly tenantId: string; readonly query: string },
): readonly SortValue[] {
  const invalid = badInput('invalid cursor');
  const [encoded, mac, ...rest] = cursor.split('.');
  if (encoded === undefined || mac === undefined || rest.length > 0) {
    throw invalid;
  }
  const payload = Buffer.from(encoded, 'base64url').toString('utf8');
  const expectedMac = Buffer.from(sign(secret, payload));
  const givenMac = Buffer.from(mac);
  if (expectedMac.length !== givenMac.length || !timingSafeEqual(expectedMac, givenMac)) {
    throw invalid;
  }
  const [version, tenant, query, ...values] = payload.split(SEPARATOR);
  const tenantId = Buffer.from(tenant ?? '', 'base64url').toString('utf8');
  if (version !== VERSION || tenantId !== expected.tenantId || query !== expected.query) {
    throw invalid;
  }
  const decoded = values.map(decodeValue);
  if (decoded.length === 0 || decoded.some((value) => value === undefined)) {
    throw invalid;
  }
  return decoded as SortValue[];
}

/** A short stable fingerprint of a query's shape (anything serializable: filter and sort). */
export function queryFingerprint(shape: unknown): string {
  return createHmac('sha256', 'callrecords-query')
    .update(stableJson(shape))
    .digest('base64url')
    .slice(0, 16);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
