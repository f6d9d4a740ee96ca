import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { withoutGeneratedAnnotations } from '../data/annotations';
import type { JsonObject } from '../simulator.types';

// The shared Graph reference (`../shared/graph-reference` beside the clone, or CALLRECORDS_GRAPH_REFERENCE).

export function graphReferenceDir(): string {
  const repoRoot = resolve(__dirname, '../../../..');
  return (
    process.env['CALLRECORDS_GRAPH_REFERENCE'] ?? resolve(repoRoot, '../shared/graph-reference')
  );
}

export function readExample(name: string): JsonObject {
  return JSON.parse(
    readFileSync(join(graphReferenceDir(), 'examples', name), 'utf8'),
  ) as JsonObject;
}

/** What comparisons ignore: the annotations Graph generates (context, nextLink, count). */
export function comparable(value: unknown): unknown {
  return withoutGeneratedAnnotations(value);
}
