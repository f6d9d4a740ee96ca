// Defensive readers over the stored Graph JSON (`raw`): validated by the fetcher when it was fetched,
// still read field by field so one odd record never fails a whole page.

export type JsonRecord = Readonly<Record<string, unknown>>;

export function recordAt(value: unknown, key: string): JsonRecord | undefined {
  const inner = isRecord(value) ? value[key] : undefined;
  return isRecord(inner) ? inner : undefined;
}

export function listAt(value: unknown, key: string): JsonRecord[] {
  const inner = isRecord(value) ? value[key] : undefined;
  return Array.isArray(inner) ? inner.filter(isRecord) : [];
}

export function textAt(value: unknown, key: string): string | null {
  const inner = isRecord(value) ? value[key] : undefined;
  return typeof inner === 'string' ? inner : null;
}

export function numberAt(value: unknown, key: string): number | null {
  const inner = isRecord(value) ? value[key] : undefined;
  return typeof inner === 'number' ? inner : null;
}

export function flagAt(value: unknown, key: string): boolean | null {
  const inner = isRecord(value) ? value[key] : undefined;
  return typeof inner === 'boolean' ? inner : null;
}

export function textsAt(value: unknown, key: string): string[] {
  const inner = isRecord(value) ? value[key] : undefined;
  return Array.isArray(inner)
    ? inner.filter((item): item is string => typeof item === 'string')
    : [];
}

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
