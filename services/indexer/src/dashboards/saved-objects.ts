import { z } from 'zod';

/** One OpenSearch Dashboards saved object, as the import API takes it (one NDJSON line). */
const SavedObjectSchema = z.looseObject({
  type: z.enum(['index-pattern', 'search', 'visualization', 'dashboard']),
  id: z.string().min(1),
  attributes: z.looseObject({ title: z.string().min(1) }),
  references: z.array(z.object({ name: z.string(), type: z.string(), id: z.string() })),
});
export type SavedObject = z.infer<typeof SavedObjectSchema>;

const AggsSchema = z.object({
  aggs: z.array(
    z.object({ type: z.string(), params: z.looseObject({ field: z.string().optional() }) }),
  ),
});

function parseJson(text: string): unknown {
  // eslint-disable-next-line no-restricted-syntax -- our own committed NDJSON, not a Kafka value
  return JSON.parse(text);
}

/** Parses NDJSON saved objects (skipping the export summary line), each validated. */
export function parseSavedObjects(ndjson: string): SavedObject[] {
  return ndjson
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseJson)
    .filter((value) => !(typeof value === 'object' && value !== null && 'exportedCount' in value))
    .map((value) => SavedObjectSchema.parse(value));
}

/** A dashboard's `panelsJSON`: every panel names its saved object through `panelRefName`. */
export function parseSavedPanels(panelsJson: string): { panelRefName: string }[] {
  return z.array(z.looseObject({ panelRefName: z.string() })).parse(parseJson(panelsJson));
}

/** The saved objects back as NDJSON. */
export function toNdjson(objects: readonly SavedObject[]): string {
  return objects.map((object) => `${JSON.stringify(object)}\n`).join('');
}

/** Index patterns point at the read aliases; under OPENSEARCH_INDEX_PREFIX their titles get it too. */
export function withIndexPrefix(objects: readonly SavedObject[], prefix: string): SavedObject[] {
  return objects.map((object) =>
    object.type === 'index-pattern'
      ? {
          ...object,
          attributes: { ...object.attributes, title: `${prefix}${object.attributes.title}` },
        }
      : object,
  );
}

/** Fields an object reads, split into those it aggregates on and those it only shows or sorts by. */
export interface FieldUse {
  readonly indexPatternId: string;
  readonly aggregated: readonly string[];
  readonly shown: readonly string[];
}

/** The fields a search or visualization uses, with the index pattern they must exist in. */
export function fieldsUsedBy(object: SavedObject): FieldUse | undefined {
  const indexPatternId = object.references.find((ref) => ref.type === 'index-pattern')?.id;
  if (indexPatternId === undefined) {
    return undefined;
  }
  const attributes = object.attributes as Record<string, unknown>;
  if (object.type === 'visualization') {
    const visState = AggsSchema.parse(parseJson(String(attributes['visState'])));
    const aggregated = visState.aggs.flatMap((agg) => (agg.params.field ? [agg.params.field] : []));
    return { indexPatternId, aggregated, shown: [] };
  }
  const columns = z.array(z.string()).parse(attributes['columns'] ?? []);
  const sort = z.array(z.tuple([z.string(), z.string()])).parse(attributes['sort'] ?? []);
  return { indexPatternId, aggregated: [], shown: [...columns, ...sort.map(([field]) => field)] };
}

/** Every nested JSON string of an object parses (what the Dashboards import would choke on). */
export function nestedJsonOf(object: SavedObject): unknown[] {
  const attributes = object.attributes as Record<string, unknown>;
  const meta = attributes['kibanaSavedObjectMeta'] as Record<string, unknown> | undefined;
  const strings = [
    attributes['visState'],
    attributes['uiStateJSON'],
    attributes['panelsJSON'],
    attributes['optionsJSON'],
    attributes['fieldFormatMap'],
    meta?.['searchSourceJSON'],
  ];
  return strings.filter((value) => typeof value === 'string').map((value) => parseJson(value));
}

export interface ImportResult {
  readonly success: boolean;
  readonly successCount: number;
  readonly errors: readonly unknown[];
}

/**
 * POSTs the objects to the Dashboards saved objects import API (`overwrite=true`, so re-running
 * updates in place), as multipart with an `.ndjson` file and the `osd-xsrf` header.
 */
export async function importSavedObjects(options: {
  readonly dashboardsUrl: string;
  readonly ndjson: string;
  readonly authorization?: string;
  readonly fetch?: typeof fetch;
}): Promise<ImportResult> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([options.ndjson], { type: 'application/ndjson' }),
    'callrecords.ndjson',
  );
  const url = new URL('/api/saved_objects/_import?overwrite=true', options.dashboardsUrl);
  const response = await (options.fetch ?? fetch)(url, {
    method: 'POST',
    headers: {
      'osd-xsrf': 'true',
      ...(options.authorization ? { authorization: options.authorization } : {}),
    },
    body: form,
  });
  if (!response.ok) {
    throw new Error(`dashboards import answered ${response.status}`);
  }
  const body = z
    .object({
      success: z.boolean(),
      successCount: z.int().default(0),
      errors: z.array(z.unknown()).default([]),
    })
    .parse(parseJson(await response.text()));
  return body;
}
