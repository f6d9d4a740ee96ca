import { z } from 'zod';

// OData JSON encodings of the Edm primitives the callRecords CSDL uses
// (libs/contracts/graph-reference/FACTS.md §3, "JSON encodings").

/**
 * `Edm.DateTimeOffset`: ISO 8601 with `Z` or an offset, any fraction digits (Graph sends up to 7).
 */
export const EdmDateTimeOffsetSchema = z.iso.datetime({ offset: true });

// xsd:dayTimeDuration, which is what OData uses for Edm.Duration: days, hours, minutes, seconds; no
// years or months.
const DAY_TIME_DURATION =
  /^-?P(?=\d|T\d)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `Edm.Duration`: an ISO 8601 day-time duration such as `PT0.016S`. */
export const EdmDurationSchema = z
  .string()
  .regex(DAY_TIME_DURATION, 'expected an ISO 8601 duration such as PT0.016S');

/** Milliseconds in an `Edm.Duration` (`PT0.016S` → 16), or undefined when the text is not one. */
export function edmDurationToMs(duration: string): number | undefined {
  const match = DAY_TIME_DURATION.exec(duration);
  if (!match) {
    return undefined;
  }
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  const totalSeconds =
    (((days ?? 0) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60 + (seconds ?? 0);
  // Round to microseconds: 0.016 * 1000 must be 16, not 16.000000000000004.
  const ms = Math.round(totalSeconds * 1_000_000) / 1000;
  return duration.startsWith('-') ? -ms : ms;
}

/**
 * An evolvable Graph enum at a runtime edge: any string passes and is kept as sent, typed as the
 * known members plus `string`. Graph adds members over time
 * (libs/contracts/graph-reference/FACTS.md §1, fact 20).
 */
export function openEnum<const T extends readonly [string, ...string[]]>(
  values: T,
): z.ZodType<T[number] | (string & {})> {
  return z.string().meta({ knownValues: values });
}

/** `value` when it is one of `values`, else `fallback`: for code that needs a closed set. */
export function toKnownEnumValue<T extends string>(
  values: readonly T[],
  value: string,
  fallback: T,
): T {
  return (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/**
 * Narrows a polymorphic Graph value (endpoint, userAgent, identity, identitySet) to the subtype
 * named by its `@odata.type`, e.g. `hasODataType(session.caller,
 * '#microsoft.graph.callRecords.participantEndpoint')`.
 */
export function hasODataType<
  T extends { readonly '@odata.type'?: unknown },
  const L extends string,
>(value: T | null | undefined, odataType: L): value is Extract<T, { readonly '@odata.type': L }> {
  return value?.['@odata.type'] === odataType;
}

/**
 * An `Edm.DateTimeOffset` as epoch milliseconds, or undefined when absent, unparsable, or Graph's
 * "no value" placeholder `0001-01-01T00:00:00Z` (.NET's DateTime.MinValue; Microsoft's own
 * getDirectRoutingCalls example sends it as the `failureDateTime` of a successful call). A year-1
 * date is never a real call time, so any date in year 1 reads as absent.
 */
export function edmDateTimeMs(value: string | null | undefined): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || ms < EDM_PLACEHOLDER_YEAR_END_MS) {
    return undefined;
  }
  return ms;
}

// Everything before year 2 is the placeholder year (Date.UTC would read 2 as 1902).
const EDM_PLACEHOLDER_YEAR_END_MS = Date.parse('0002-01-01T00:00:00Z');
