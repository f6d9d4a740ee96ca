import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  fieldPaths,
  INDEX_IDS,
  INDEXES,
  TRUNK_QUALITY_ROLLUP_PROPERTIES,
  trunkQualityRollupIndexName,
} from '@callrecords/contracts';

import {
  fieldsUsedBy,
  importSavedObjects,
  nestedJsonOf,
  parseSavedObjects,
  parseSavedPanels,
  withIndexPrefix,
} from './saved-objects';
import type { SavedObject } from './saved-objects';

const NDJSON = readFileSync(join(__dirname, '../../dashboards/callrecords.ndjson'), 'utf8');
const objects = parseSavedObjects(NDJSON);

// Index pattern id → the mapping of the index it reads (patterns are titled by read alias): the
// indexer's indexes and the aggregator's trunk-quality rollup (hourly) for the trunk view.
const TRUNK_QUALITY = trunkQualityRollupIndexName('hour');
const MAPPINGS = new Map<string, Record<string, unknown>>([
  ...INDEX_IDS.map((id): [string, Record<string, unknown>] => [
    INDEXES[id].name,
    INDEXES[id].properties,
  ]),
  [TRUNK_QUALITY, TRUNK_QUALITY_ROLLUP_PROPERTIES],
]);

function typeOf(properties: Record<string, unknown>, path: string): string | undefined {
  const [head, ...rest] = path.split('.');
  const mapping = properties[head ?? ''] as
    | { type?: string; properties?: Record<string, unknown>; fields?: Record<string, unknown> }
    | undefined;
  if (rest.length === 0) {
    return mapping?.type ?? (mapping?.properties ? 'object' : undefined);
  }
  if (mapping?.properties) {
    return typeOf(mapping.properties, rest.join('.'));
  }
  return typeOf(mapping?.fields ?? {}, rest.join('.'));
}

function panelsOf(dashboard: SavedObject): { panelRefName: string }[] {
  const text = String((dashboard.attributes as Record<string, unknown>)['panelsJSON']);
  return parseSavedPanels(text);
}

describe('dashboards/callrecords.ndjson', () => {
  it('holds index patterns, searches, visualizations and the four dashboards, ids unique', () => {
    const ids = objects.map((o) => `${o.type}:${o.id}`);

    expect(new Set(ids).size).toBe(ids.length);
    expect(objects.filter((o) => o.type === 'dashboard').map((o) => o.id)).toEqual([
      'callrecords-usage',
      'callrecords-quality',
      'callrecords-pstn',
      'callrecords-dr-trunks-view',
    ]);
  });

  it('has nested JSON strings that parse and references that resolve inside the file', () => {
    const known = new Set(objects.map((o) => `${o.type}:${o.id}`));

    const dangling = objects.flatMap((o) =>
      o.references.filter((ref) => !known.has(`${ref.type}:${ref.id}`)),
    );

    expect(dangling).toEqual([]);
    expect(() => objects.map(nestedJsonOf)).not.toThrow();
  });

  it('names, for every dashboard panel, a reference', () => {
    const missing = objects
      .filter((o) => o.type === 'dashboard')
      .flatMap((o) => {
        const panels = panelsOf(o);
        return panels.filter((p) => !o.references.some((ref) => ref.name === p.panelRefName));
      });

    expect(missing).toEqual([]);
  });

  it('uses only fields that exist in the index mappings, aggregating on none that is text', () => {
    const problems = objects.flatMap((object) => {
      const use = fieldsUsedBy(object);
      const properties = use ? MAPPINGS.get(use.indexPatternId) : undefined;
      if (!use || !properties) {
        return use ? [`${object.id}: unknown index pattern ${use.indexPatternId}`] : [];
      }
      const known = new Set(fieldPaths(properties));
      return [
        ...[...use.shown, ...use.aggregated]
          .filter((field) => !known.has(field))
          .map((field) => `${object.id}: ${field} not mapped`),
        ...use.aggregated
          .filter((field) => typeOf(properties, field) === 'text')
          .map((field) => `${object.id}: aggregates on text field ${field}`),
      ];
    });

    expect(problems).toEqual([]);
  });

  it('titles index patterns by read alias, with the deployment prefix when there is one', () => {
    const titles = withIndexPrefix(objects, 'dev-')
      .filter((o) => o.type === 'index-pattern')
      .map((o) => o.attributes.title);

    expect(titles).toEqual([
      ...INDEX_IDS.map((id) => `dev-${INDEXES[id].name}`),
      `dev-${TRUNK_QUALITY}`,
    ]);
  });
});

describe(importSavedObjects.name, () => {
  it('posts a multipart .ndjson file with the osd-xsrf header and overwrite=true', async () => {
    const seen: { url: string; headers: Record<string, string>; file?: File }[] = [];
    const fakeFetch = async (
      url: string | URL | Request,
      init?: RequestInit,
    ): Promise<Response> => {
      const form = init?.body as FormData;
      seen.push({
        url: url instanceof Request ? url.url : url.toString(),
        headers: init?.headers as Record<string, string>,
        file: form.get('file') as File,
      });
      return Promise.resolve(
        new Response(JSON.stringify({ success: true, successCount: 1, successResults: [] })),
      );
    };

    const result = await importSavedObjects({
      dashboardsUrl: 'http://dashboards:5601',
      ndjson: NDJSON,
      fetch: fakeFetch,
    });

    expect(result.success).toBe(true);
    expect(seen[0]?.url).toBe('http://dashboards:5601/api/saved_objects/_import?overwrite=true');
    expect(seen[0]?.headers['osd-xsrf']).toBe('true');
    expect(seen[0]?.file?.name).toBe('callrecords.ndjson');
  });
});
