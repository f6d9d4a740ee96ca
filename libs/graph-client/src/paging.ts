// Pure helpers for Graph paging: which link to follow next, and the merged record.

export type GraphObject = Record<string, unknown>;

export interface GraphPage {
  readonly value: readonly unknown[];
  readonly nextLink: string | undefined;
}

export function pageOf(body: unknown): GraphPage {
  const object = (typeof body === 'object' && body !== null ? body : {}) as GraphObject;
  const next = object['@odata.nextLink'];
  return {
    value: Array.isArray(object['value']) ? (object['value'] as unknown[]) : [],
    nextLink: typeof next === 'string' ? next : undefined,
  };
}

/** The record with every session and participant, without the paging annotations of the first response. */
export function mergeCallRecord(
  first: GraphObject,
  pages: { readonly sessions: readonly unknown[]; readonly participants: readonly unknown[] },
): GraphObject {
  const merged: GraphObject = {};
  for (const [key, value] of Object.entries(first)) {
    if (!key.endsWith('@odata.nextLink')) {
      merged[key] = value;
    }
  }
  merged['sessions'] = [...pages.sessions];
  merged['participants_v2'] = [...pages.participants];
  return merged;
}
