// Around an index rollover a record can live in two backing indexes of the read alias (external
// versions are per index; indexer README): readers keep, per id, the document of highest version.

export interface Versioned {
  readonly id: string;
  readonly version: number;
}

/** `documents` with one per id (the highest version), in the order of first appearance. */
export function latestById<D extends Versioned>(documents: readonly D[]): D[] {
  const best = new Map<string, D>();
  for (const doc of documents) {
    const seen = best.get(doc.id);
    if (seen === undefined || doc.version > seen.version) {
      best.set(doc.id, doc);
    }
  }
  const order = [...new Set(documents.map((doc) => doc.id))];
  return order.map((id) => best.get(id)).filter((doc): doc is D => doc !== undefined);
}
