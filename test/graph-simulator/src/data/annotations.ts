import type { JsonObject } from '../simulator.types';
import { isJsonObject } from '../simulator.types';

// Graph writes these itself on every response (context, paging, counts); a seeded body may carry them
// from a captured response, so they are dropped on the way in and generated on the way out.
const GENERATED_SUFFIXES = [
  '@odata.context',
  '@odata.nextLink',
  '@odata.count',
  '@odata.deltaLink',
];

export function isGeneratedAnnotation(key: string): boolean {
  return GENERATED_SUFFIXES.some((suffix) => key === suffix || key.endsWith(suffix));
}

/** A deep copy without Graph-generated annotations. `@odata.type` and `@odata.id` are data: kept. */
export function withoutGeneratedAnnotations(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutGeneratedAnnotations);
  }
  if (!isJsonObject(value)) {
    return value;
  }
  const copy: JsonObject = {};
  for (const [key, field] of Object.entries(value)) {
    if (!isGeneratedAnnotation(key)) {
      copy[key] = withoutGeneratedAnnotations(field);
    }
  }
  return copy;
}
