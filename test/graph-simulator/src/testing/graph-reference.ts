import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { withoutGeneratedAnnotations } from '../data/annotations';
import type { JsonObject } from '../simulator.types';

// The Graph reference travels with the code (libs/contracts/graph-reference/README.md).

export function graphReferenceDir(): string {
  return resolve(__dirname, '../../../../libs/contracts/graph-reference');
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
