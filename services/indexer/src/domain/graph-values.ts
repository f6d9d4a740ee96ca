import { parseIsoDurationMs } from '@callrecords/call-quality';
import { edmDateTimeMs } from '@callrecords/contracts';

// Graph's nested shapes are open unions (endpoint, userAgent, identity): the indexer reads them as
// plain maps, so a subtype Graph adds later degrades to nulls instead of failing the record.

export type Loose = Readonly<Record<string, unknown>>;

/** `value` as a map, or undefined when it is not an object. */
export function asLoose(value: unknown): Loose | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Loose)
    : undefined;
}

/** A non-empty string property, else null. */
export function readString(source: unknown, key: string): string | null {
  const value = asLoose(source)?.[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** A finite number property, else null. */
export function readNumber(source: unknown, key: string): number | null {
  const value = asLoose(source)?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An integer property, else null (a fractional value Graph should not send is rounded). */
export function readInteger(source: unknown, key: string): number | null {
  const value = readNumber(source, key);
  return value === null ? null : Math.round(value);
}

export function readBoolean(source: unknown, key: string): boolean | null {
  const value = asLoose(source)?.[key];
  return typeof value === 'boolean' ? value : null;
}

/** An ISO 8601 duration property (`PT0.016S`) in milliseconds, else null. */
export function readDurationMs(source: unknown, key: string): number | null {
  const value = readString(source, key);
  return parseIsoDurationMs(value) ?? null;
}

/**
 * An ISO 8601 date normalized to milliseconds (`2020-02-25T18:52:21.216Z`): Graph sends seven
 * fractional digits, documents keep one format. Null when absent, unparsable, or Graph's "no value"
 * placeholder `0001-01-01T00:00:00Z` (a successful Direct Routing call's `failureDateTime`).
 */
export function toIsoMs(value: string | null | undefined): string | null {
  const ms = edmDateTimeMs(value);
  return ms === undefined ? null : new Date(ms).toISOString();
}

/**
 * Seconds between two ISO dates (ms precision), null when either is missing or they are reversed.
 */
export function secondsBetween(start: string | null, end: string | null): number | null {
  if (start === null || end === null) {
    return null;
  }
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

/** Distinct non-null values in first-seen order. */
export function distinct<T>(values: readonly (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((value): value is T => value !== null && value !== undefined))];
}

/**
 * `@odata.type` ends with `.<name>` (case-insensitive: Graph's casing varies,
 * libs/contracts/graph-reference/FACTS.md §7).
 */
export function hasType(source: unknown, name: string): boolean {
  const type = readString(source, '@odata.type');
  if (type === null || type.length <= name.length) {
    return false;
  }
  // Compared in place: no lowercased copies of both strings for every endpoint and identity.
  const start = type.length - name.length;
  return type.charCodeAt(start - 1) === DOT && type.slice(start).toLowerCase() === lowerCased(name);
}

const DOT = 46;
const LOWER_NAMES = new Map<string, string>();

// Names are the indexer's own constants, so the map stays a handful of entries.
function lowerCased(name: string): string {
  let lower = LOWER_NAMES.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    LOWER_NAMES.set(name, lower);
  }
  return lower;
}
