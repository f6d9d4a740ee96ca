import { createHmac } from 'node:crypto';

// Pseudonymous mode (README "Personal data"): every value that names or locates a person is
// replaced by a keyed hash before anything is written, so counts and per-person, per-site and
// per-subnet quality still group correctly while nobody can read a name back. HMAC-SHA256 with a
// per-tenant key: without the key a pseudonym cannot be reversed by hashing guessed names.

/** What a personal value is; it decides how the value is normalised before hashing. */
type PersonalKind = 'id' | 'text' | 'phone' | 'address';

/** Keys whose string values are personal wherever they appear (records and report rows). */
const PERSONAL_KEYS: Readonly<Record<string, PersonalKind>> = {
  displayName: 'text',
  userDisplayName: 'text',
  userPrincipalName: 'text',
  email: 'text',
  // A meeting link carries its organizer's object id (`context={"Oid": …}`).
  joinWebUrl: 'text',
  userId: 'id',
  callerNumber: 'phone',
  calleeNumber: 'phone',
  ipAddress: 'address',
  reflexiveIPAddress: 'address',
  macAddress: 'address',
  // The access point's MAC: a home router's BSSID locates a home.
  basicServiceSetIdentifier: 'address',
};

/** Slots of an identitySet (and an endpoint's associatedIdentity): their `id` names a person. */
const IDENTITY_SLOTS = new Set([
  'user',
  'guest',
  'phone',
  'encrypted',
  'onPremises',
  'azureCommunicationServicesUser',
  'assertedIdentity',
  'applicationInstance',
  'application',
  'device',
  'associatedIdentity',
]);

/** Entities whose own `id` is the participant's user id (Graph's participants_v2, organizer_v2). */
const PARTICIPANT_ENTITIES = new Set(['participants_v2', 'organizer_v2']);

/** Endpoints: their `name` is the machine name (often the user's). */
const ENDPOINT_KEYS = new Set(['caller', 'callee']);

// Emergency and short service numbers (112, 911, 0800…) name a service, not a subscriber, and the
// aggregator's emergency-call alert needs them: numbers with fewer digits are kept.
const MIN_SUBSCRIBER_DIGITS = 7;

/** Prefix of every pseudonym, so a reader (and a test) can tell one from a real value. */
export const PSEUDONYM_PREFIX = 'pn-';

/**
 * The tenant's pseudonym key: HMAC-SHA256 keyed by the deployment secret over the tenant id, so one
 * secret serves every tenant and the same person has different pseudonyms in different tenants.
 */
export function tenantPseudonymKey(secret: string, tenantId: string): Buffer {
  return createHmac('sha256', secret).update(`callrecords-pseudonym-v1:${tenantId}`).digest();
}

/**
 * The pseudonym of one value: `pn-` + the first 128 bits of HMAC-SHA256(key, normalised value) in
 * base64url. Ids, UPNs and addresses are compared case-insensitively, phone numbers by `+` and
 * digits only, so the same person gets the same pseudonym in a record and in a report row.
 */
export function pseudonymOf(key: Buffer, value: string, kind: PersonalKind = 'text'): string {
  const normalised = kind === 'phone' ? value.replace(/[^+0-9]/g, '') : value.trim().toLowerCase();
  const mac = createHmac('sha256', key).update(normalised).digest('base64url');
  return `${PSEUDONYM_PREFIX}${mac.slice(0, 22)}`;
}

function isServiceNumber(value: string): boolean {
  return value.replace(/[^0-9]/g, '').length < MIN_SUBSCRIBER_DIGITS;
}

function kindOf(key: string, parentKey: string | undefined): PersonalKind | undefined {
  const byName = PERSONAL_KEYS[key];
  if (byName) {
    return byName;
  }
  if (key === 'id' && parentKey !== undefined) {
    if (parentKey === 'phone') {
      return 'phone';
    }
    if (IDENTITY_SLOTS.has(parentKey) || PARTICIPANT_ENTITIES.has(parentKey)) {
      return 'id';
    }
  }
  if (key === 'name' && parentKey !== undefined && ENDPOINT_KEYS.has(parentKey)) {
    return 'text';
  }
  // A participant's free-text feedback.
  if (key === 'text' && parentKey === 'feedback') {
    return 'text';
  }
  return undefined;
}

function pseudonymiseValue(value: unknown, key: Buffer, parentKey: string | undefined): unknown {
  if (Array.isArray(value)) {
    // Elements of an array inherit the array's key (participants_v2[i] is a participant entity).
    return value.map((item: unknown) => pseudonymiseValue(item, key, parentKey));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    const kind = typeof child === 'string' ? kindOf(name, parentKey) : undefined;
    if (kind !== undefined && typeof child === 'string' && child !== '') {
      const keep = kind === 'phone' && isServiceNumber(child);
      out[name] = keep ? child : pseudonymOf(key, child, kind);
    } else {
      out[name] = pseudonymiseValue(child, key, name);
    }
  }
  return out;
}

/**
 * A copy of a Graph call record or report row with every personal value replaced by its pseudonym:
 * names, UPNs, e-mails, user and participant ids, phone numbers (not service numbers), IP and MAC
 * addresses, machine names, feedback text, meeting links. Subnets, tenant ids, devices, codecs and
 * every measure are kept: they describe networks and calls, not people.
 */
export function pseudonymiseGraphObject<T>(value: T, key: Buffer): T {
  return pseudonymiseValue(value, key, undefined) as T;
}
