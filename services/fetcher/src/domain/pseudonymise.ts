import { createHmac } from 'node:crypto';

// Pseudonymous mode (README "Personal data"): every value that names or locates a person is
// replaced by a keyed hash before anything is written, so counts and per-person, per-site and
// per-subnet quality still group correctly while nobody can read a name back. HMAC-SHA256 with a
// per-tenant key: without the key a pseudonym cannot be reversed by hashing guessed names.

/** What a personal value is; it decides how the value is normalised before hashing. */
export type PersonalKind = 'id' | 'text' | 'phone' | 'address';

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

/** The person a personal value belongs to: a user (by id) or a phone-only party (by number). */
export interface PersonalOwner {
  readonly value: string;
  readonly kind: 'id' | 'phone';
}

/** One personal value met by the walk, with the field it is in and the person it belongs to. */
export interface PersonalValue {
  readonly field: string;
  readonly value: string;
  readonly kind: PersonalKind;
  /** Undefined when nothing around the value names a person (the value is then its own person). */
  readonly owner: PersonalOwner | undefined;
}

interface WalkContext {
  readonly owner: PersonalOwner | undefined;
  /** The owners of a segment's or session's caller and callee, for `callerNetwork`, `calleeDevice`… */
  readonly sides: { readonly caller?: PersonalOwner; readonly callee?: PersonalOwner };
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function slotOwner(slot: string, entity: unknown): PersonalOwner | undefined {
  const id = nonEmpty(asRecord(entity)?.['id']);
  return id === undefined ? undefined : { value: id, kind: slot === 'phone' ? 'phone' : 'id' };
}

// Whose values an object holds: a report row's user, an identity's or participant's own id, the
// first identity of an identity set or endpoint, a record's organizer. Graph puts a user's names
// beside their id, so "a Graph identity's values belong to its user id".
function ownOwner(
  object: Record<string, unknown>,
  parentKey: string | undefined,
): PersonalOwner | undefined {
  const userId = nonEmpty(object['userId']);
  if (userId !== undefined) {
    return { value: userId, kind: 'id' };
  }
  if (
    parentKey !== undefined &&
    (IDENTITY_SLOTS.has(parentKey) || PARTICIPANT_ENTITIES.has(parentKey))
  ) {
    const own = slotOwner(parentKey, object);
    if (own) {
      return own;
    }
  }
  for (const slot of IDENTITY_SLOTS) {
    const owner = slotOwner(slot, object[slot]);
    if (owner) {
      return owner;
    }
  }
  for (const nested of ['identity', 'organizer_v2', 'organizer']) {
    const child = asRecord(object[nested]);
    const owner = child ? ownOwner(child, nested) : undefined;
    if (owner) {
      return owner;
    }
  }
  return undefined;
}

function ownerOfChild(name: string, context: WalkContext): PersonalOwner | undefined {
  if (name.startsWith('caller') && context.sides.caller) {
    return context.sides.caller;
  }
  if (name.startsWith('callee') && context.sides.callee) {
    return context.sides.callee;
  }
  return context.owner;
}

function mapValue(
  value: unknown,
  context: WalkContext & { readonly parentKey: string | undefined },
  replace: (value: PersonalValue) => string,
): unknown {
  const { parentKey } = context;
  if (Array.isArray(value)) {
    // Elements of an array inherit the array's key (participants_v2[i] is a participant entity).
    return value.map((item: unknown) => mapValue(item, context, replace));
  }
  const object = asRecord(value);
  if (object === undefined) {
    return value;
  }
  const owner = ownOwner(object, parentKey) ?? context.owner;
  const hasSides = 'caller' in object || 'callee' in object;
  const sides = hasSides
    ? {
        caller: ownOwner(asRecord(object['caller']) ?? {}, 'caller'),
        callee: ownOwner(asRecord(object['callee']) ?? {}, 'callee'),
      }
    : context.sides;
  const out: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(object)) {
    const kind = typeof child === 'string' ? kindOf(name, parentKey) : undefined;
    const text = nonEmpty(child);
    if (kind !== undefined && text !== undefined) {
      const keep = kind === 'phone' && isServiceNumber(text);
      // A number is its own person: the same number is one key in records, streams and rows.
      const childOwner: PersonalOwner | undefined =
        kind === 'phone' ? { value: text, kind: 'phone' } : ownerOfChild(name, { owner, sides });
      out[name] = keep ? text : replace({ field: name, value: text, kind, owner: childOwner });
    } else {
      out[name] = mapValue(
        child,
        { parentKey: name, owner: ownerOfChild(name, { owner, sides }), sides },
        replace,
      );
    }
  }
  return out;
}

/**
 * A copy of a Graph call record or report row with every personal value (the fields pseudonymous
 * mode replaces, service numbers excepted) replaced by `replace`, which is told the person the value
 * belongs to. The one list of personal fields: pseudonymisation and sealing both walk through here.
 */
export function mapPersonalValues<T>(value: T, replace: (value: PersonalValue) => string): T {
  return mapValue(value, { parentKey: undefined, owner: undefined, sides: {} }, replace) as T;
}

/**
 * A copy of a Graph call record or report row with every personal value replaced by its pseudonym:
 * names, UPNs, e-mails, user and participant ids, phone numbers (not service numbers), IP and MAC
 * addresses, machine names, feedback text, meeting links. Subnets, tenant ids, devices, codecs and
 * every measure are kept: they describe networks and calls, not people.
 */
export function pseudonymiseGraphObject<T>(value: T, key: Buffer): T {
  return mapPersonalValues(value, (personal) => pseudonymOf(key, personal.value, personal.kind));
}
