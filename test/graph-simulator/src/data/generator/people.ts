import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';

// Fake people and numbers. Names come from a fixed pool; ids from the seeded stream.

const FIRST = [
  'Abbie',
  'Owen',
  'Maria',
  'Kenji',
  'Aisha',
  'Lars',
  'Chloe',
  'Diego',
  'Priya',
  'Tomasz',
  'Nora',
  'Samuel',
  'Ines',
  'Yusuf',
  'Hana',
  'Felix',
];
const LAST = [
  'Wilkins',
  'Franklin',
  'Garcia',
  'Tanaka',
  'Okafor',
  'Nilsson',
  'Martin',
  'Silva',
  'Patel',
  'Kowalski',
  'Berg',
  'Osei',
  'Moreau',
  'Demir',
  'Kim',
  'Weber',
];

export interface Person {
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName: string;
  readonly tenantId: string;
}

export function aPerson(rng: Rng, tenantId: string): Person {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  return {
    id: rng.guid(),
    displayName: `${first} ${last}`,
    userPrincipalName: `${first}.${last}${rng.int(1, 99)}@contoso.com`.toLowerCase(),
    tenantId,
  };
}

export function phoneNumber(rng: Rng): string {
  return `+1${rng.int(201, 989)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/** graph.identity for a user, with the open members Graph sends (tenantId, userPrincipalName). */
export function userIdentity(person: Person): JsonObject {
  return {
    id: person.id,
    displayName: person.displayName,
    tenantId: person.tenantId,
    userPrincipalName: person.userPrincipalName,
  };
}

/** participantBase (organizer_v2 / participants_v2 item) for a user. */
export function userParticipant(person: Person): JsonObject {
  return { id: person.id, identity: { user: userIdentity(person) }, administrativeUnitInfos: [] };
}

/**
 * participantBase for a phone party: the phone identity, no user
 * (libs/contracts/graph-reference/FACTS.md "Identity types").
 */
export function phoneParticipant(rng: Rng, number: string): JsonObject {
  return {
    id: rng.guid(),
    identity: { phone: { id: number, displayName: null } },
    administrativeUnitInfos: [],
  };
}

/** The deprecated identitySet shape of `organizer` / `participants`. */
export function deprecatedIdentitySet(participant: JsonObject): JsonObject {
  const identity = participant['identity'];
  return typeof identity === 'object' && identity !== null ? { ...(identity as JsonObject) } : {};
}
