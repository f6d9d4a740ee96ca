import { z } from 'zod';

// Each document field is declared once, with its OpenSearch mapping and its zod schema side by side,
// so the index template and the document type can never drift apart (the gateway reads what the
// indexer writes through both).

/** One document field: how OpenSearch maps it and how a reader parses it. */
export interface IndexField<S extends z.ZodType = z.ZodType> {
  readonly mapping: Readonly<Record<string, unknown>>;
  readonly schema: S;
}

export type IndexFields = Readonly<Record<string, IndexField>>;

type ShapeOf<F extends IndexFields> = { -readonly [K in keyof F]: F[K]['schema'] };

// Longer values are kept in _source but not indexed (a URL or a driver string of many KB).
const KEYWORD = { type: 'keyword', ignore_above: 1024 } as const;
// Names people search by word ("wilkins") and aggregate on exactly (`.keyword`).
const TEXT_AND_KEYWORD = { type: 'text', fields: { keyword: KEYWORD } } as const;
// Graph dates are ISO 8601; documents carry them normalized to milliseconds (toISOString()).
const DATE = { type: 'date', format: 'strict_date_optional_time' } as const;
const isoDate = z.iso.datetime({ offset: true });

/** Builders of document fields. Nullable unless the name says otherwise: Graph fills fields late or never. */
export const field = {
  /** An exact value that is always present (ids, tenant). */
  id: (): IndexField<z.ZodString> => ({ mapping: KEYWORD, schema: z.string().min(1) }),
  keyword: (): IndexField<z.ZodNullable<z.ZodString>> => ({
    mapping: KEYWORD,
    schema: z.string().nullable(),
  }),
  keywords: (): IndexField<z.ZodArray<z.ZodString>> => ({
    mapping: KEYWORD,
    schema: z.array(z.string()),
  }),
  text: (): IndexField<z.ZodNullable<z.ZodString>> => ({
    mapping: TEXT_AND_KEYWORD,
    schema: z.string().nullable(),
  }),
  texts: (): IndexField<z.ZodArray<z.ZodString>> => ({
    mapping: TEXT_AND_KEYWORD,
    schema: z.array(z.string()),
  }),
  date: (): IndexField<z.ZodNullable<typeof isoDate>> => ({
    mapping: DATE,
    schema: isoDate.nullable(),
  }),
  requiredDate: (): IndexField<typeof isoDate> => ({ mapping: DATE, schema: isoDate }),
  /** 32-bit counts and levels (Edm.Int32). */
  integer: (): IndexField<z.ZodNullable<z.ZodInt>> => ({
    mapping: { type: 'integer' },
    schema: z.int().nullable(),
  }),
  count: (): IndexField<z.ZodInt> => ({ mapping: { type: 'integer' }, schema: z.int().min(0) }),
  /** 64-bit integers (Edm.Int64: versions, bandwidth, packet counts, link speeds). */
  long: (): IndexField<z.ZodNullable<z.ZodInt>> => ({
    mapping: { type: 'long' },
    schema: z.int().nullable(),
  }),
  requiredLong: (): IndexField<z.ZodInt> => ({ mapping: { type: 'long' }, schema: z.int() }),
  /** Ratios, rates and milliseconds (Edm.Single, converted durations). */
  double: (): IndexField<z.ZodNullable<z.ZodNumber>> => ({
    mapping: { type: 'double' },
    schema: z.number().nullable(),
  }),
  boolean: (): IndexField<z.ZodNullable<z.ZodBoolean>> => ({
    mapping: { type: 'boolean' },
    schema: z.boolean().nullable(),
  }),
  flag: (): IndexField<z.ZodBoolean> => ({ mapping: { type: 'boolean' }, schema: z.boolean() }),
  /** The source record as Graph returned it: stored in _source, never indexed (no mapping explosion). */
  raw: (): IndexField<z.ZodRecord<z.ZodString, z.ZodUnknown>> => ({
    mapping: { type: 'object', enabled: false },
    schema: z.record(z.string(), z.unknown()),
  }),
  /** Pseudonyms of the persons whose values a document holds (what an erasure looks for). */
  persons: (): IndexField<z.ZodOptional<z.ZodArray<z.ZodString>>> => ({
    mapping: KEYWORD,
    schema: z.array(z.string()).optional(),
  }),
  /**
   * Per pseudonym, that person's clear values in this document (opened from sealed values), so an
   * erasure can replace them by the pseudonym; stored, never indexed or searchable.
   */
  personValues: (): IndexField<
    z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodArray<z.ZodString>>>
  > => ({
    mapping: { type: 'object', enabled: false },
    schema: z.record(z.string(), z.array(z.string())).optional(),
  }),
  /** A group of fields under one name (an OpenSearch object, not nested: no per-element joins). */
  object: <F extends IndexFields>(fields: F): IndexField<z.ZodObject<ShapeOf<F>>> => ({
    mapping: { type: 'object', properties: propertiesOf(fields) },
    schema: z.object(shapeOf(fields)),
  }),
};

/** The `properties` of a mapping for `fields`. */
export function propertiesOf(fields: IndexFields): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, f.mapping]));
}

/** The zod shape for `fields`. */
export function shapeOf<F extends IndexFields>(fields: F): ShapeOf<F> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [name, f.schema]),
  ) as ShapeOf<F>;
}

/** Every leaf field path of a mapping's properties (`caller.network.subnet`), for dashboards checks. */
export function fieldPaths(properties: Readonly<Record<string, unknown>>, prefix = ''): string[] {
  return Object.entries(properties).flatMap(([name, mapping]) => {
    const path = `${prefix}${name}`;
    const nested = (mapping as { properties?: Record<string, unknown> }).properties;
    const subFields = (mapping as { fields?: Record<string, unknown> }).fields;
    if (nested) {
      return fieldPaths(nested, `${path}.`);
    }
    return [path, ...Object.keys(subFields ?? {}).map((sub) => `${path}.${sub}`)];
  });
}
