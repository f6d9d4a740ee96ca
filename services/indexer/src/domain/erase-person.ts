// Erasure of one person in stored documents (README "Personal data"): the indexer recorded, per
// document, the pseudonyms of the persons it names and their clear values (`persons`,
// `personValues`); erasing a person replaces each of those values by the pseudonym, wherever it is
// in the document, `raw` included, and forgets the values.

/** A stored document with one person's values replaced by their pseudonym; undefined: not named. */
export function erasePersonFromDocument(
  source: Readonly<Record<string, unknown>>,
  pseudonym: string,
): Record<string, unknown> | undefined {
  const persons = Array.isArray(source['persons']) ? (source['persons'] as unknown[]) : [];
  if (!persons.includes(pseudonym)) {
    return undefined;
  }
  const allValues = (source['personValues'] ?? {}) as Readonly<Record<string, readonly string[]>>;
  const values = new Set(allValues[pseudonym] ?? []);
  const { persons: _persons, personValues: _values, ...rest } = source;
  const replaced = replaceValues(rest, values, pseudonym) as Record<string, unknown>;
  const otherValues = Object.fromEntries(
    Object.entries(allValues).filter(([person]) => person !== pseudonym),
  );
  return {
    ...replaced,
    persons: persons.filter((person) => person !== pseudonym),
    personValues: otherValues,
  };
}

function replaceValues(value: unknown, values: ReadonlySet<string>, pseudonym: string): unknown {
  if (typeof value === 'string') {
    return values.has(value) ? pseudonym : value;
  }
  if (Array.isArray(value)) {
    return value.map((item: unknown) => replaceValues(item, values, pseudonym));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => [name, replaceValues(child, values, pseudonym)]),
    );
  }
  return value;
}
