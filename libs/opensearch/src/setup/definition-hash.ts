import { createHash } from 'node:crypto';

/** Where a template keeps the hash of the definition it was written from. */
export const DEFINITION_HASH_KEY = 'callrecords_definition_sha256';

type Json = Readonly<Record<string, unknown>>;

/**
 * `body` with `_meta.callrecords_definition_sha256` set to the hash of the rest. OpenSearch returns
 * templates normalized (settings nested and stringified), so comparing bodies would always differ;
 * comparing the hash we stored says whether our definition changed.
 */
export function withDefinitionHash(body: Json): { readonly body: Json; readonly hash: string } {
  const hash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const meta = isObject(body['_meta']) ? body['_meta'] : {};
  return { body: { ...body, _meta: { ...meta, [DEFINITION_HASH_KEY]: hash } }, hash };
}

/** The hash stored in a template's `_meta`, if any. */
export function storedDefinitionHash(template: unknown): string | undefined {
  if (!isObject(template) || !isObject(template['_meta'])) {
    return undefined;
  }
  const hash = template['_meta'][DEFINITION_HASH_KEY];
  return typeof hash === 'string' ? hash : undefined;
}

/** JSON with object keys sorted at every level: equal definitions give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key])]),
    );
  }
  return value;
}

/**
 * Whether every value in `desired` is present and equal in `actual`, which may carry extra keys the
 * server adds (ISM adds retry defaults, ids, timestamps). Numbers match their string forms, and an
 * object matches a one-element array holding it (ISM returns `ism_template` as an array).
 */
export function isSubsetOf(desired: unknown, actual: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((item, position) => isSubsetOf(item, actual[position]))
    );
  }
  if (isObject(desired)) {
    if (Array.isArray(actual) && actual.length === 1) {
      return isSubsetOf(desired, actual[0]);
    }
    return (
      isObject(actual) && Object.keys(desired).every((key) => isSubsetOf(desired[key], actual[key]))
    );
  }
  if (desired === actual) {
    return true;
  }
  return typeof desired === 'number' && typeof actual === 'string' && String(desired) === actual;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
