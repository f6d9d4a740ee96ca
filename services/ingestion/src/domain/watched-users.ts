// Subscriptions scoped to people (libs/contracts/graph-reference/FACTS.md 5, Graph's announcement of
// 14 Nov 2024): a tenant may name the Entra object ids of the users to watch instead of everyone.
// Graph documents `eq`, `or` and `in` on the subscription resource and no limit on the number of
// ids; List callRecords takes one `participants_v2/any(p:p/id eq '…')` clause (FACTS.md 9).

/** The subscription resource of a tenant that watches everyone. */
export const ALL_CALL_RECORDS = '/communications/callRecords';

/** Tenant id → the object ids it watches (sorted, distinct); a tenant absent watches everyone. */
export type WatchedUsers = ReadonlyMap<string, readonly string[]>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ParsedWatchedUsers =
  | { readonly ok: true; readonly value: WatchedUsers }
  | { readonly ok: false; readonly message: string };

/**
 * Parses `<tenantId>=<objectId>,<objectId>;<tenantId>=<objectId>`. Ids must be GUIDs (Entra object
 * ids), which also keeps quotes out of the OData filter.
 */
export function parseWatchedUsers(text: string): ParsedWatchedUsers {
  const watched = new Map<string, readonly string[]>();
  for (const entry of text.split(';').map((part) => part.trim())) {
    if (entry === '') {
      continue;
    }
    const [tenantId = '', users = '', ...rest] = entry.split('=').map((part) => part.trim());
    const ids = users.split(',').map((id) => id.trim().toLowerCase());
    if (rest.length > 0 || !GUID.test(tenantId) || ids.some((id) => !GUID.test(id))) {
      return {
        ok: false,
        message: `'${entry}' is not <tenantId>=<objectId>[,<objectId>…] with GUIDs`,
      };
    }
    if (watched.has(tenantId)) {
      return { ok: false, message: `tenant ${tenantId} is named twice` };
    }
    watched.set(tenantId, [...new Set(ids)].sort());
  }
  return { ok: true, value: watched };
}

/**
 * The resource to subscribe to: everyone, or `participants/any(p:p/id eq '…')` for one person and
 * `in (…)` for several. Canonical (sorted ids), so the same people always give the same resource.
 */
export function subscriptionResourceOf(userIds: readonly string[] | undefined): string {
  if (userIds === undefined || userIds.length === 0) {
    return ALL_CALL_RECORDS;
  }
  const [only] = userIds;
  const condition =
    userIds.length === 1 && only !== undefined
      ? `p:p/id eq '${only}'`
      : `p:p/id in (${userIds.map((id) => `'${id}'`).join(', ')})`;
  return `${ALL_CALL_RECORDS}?$filter=participants/any(${condition})`;
}
