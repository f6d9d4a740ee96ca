import type { CallRecord } from '@callrecords/contracts';

import { asLoose, hasType, readString } from './graph-values';

/** A person, bot or phone on a call, as far as Graph identified it. */
export interface Party {
  readonly id: string | null;
  readonly displayName: string | null;
  readonly userPrincipalName: string | null;
  readonly phone: string | null;
}

// The members of a communicationsIdentitySet, most specific first
// (libs/contracts/graph-reference/FACTS.md §3, identity types). PSTN parties come under `phone`,
// whose id is the phone number.
const IDENTITY_MEMBERS = [
  'user',
  'guest',
  'azureCommunicationServicesUser',
  'applicationInstance',
  'application',
  'onPremises',
  'device',
  'encrypted',
  'assertedIdentity',
  'phone',
] as const;

/** The party of one identity (`graph.identity` or a subtype); null when it names nobody. */
export function partyOfIdentity(identity: unknown, member?: string): Party | null {
  const id = readString(identity, 'id');
  const displayName = readString(identity, 'displayName');
  if (id === null && displayName === null) {
    return null;
  }
  const isPhone = member === 'phone' || hasType(identity, 'communicationsPhoneIdentity');
  return {
    id: isPhone ? null : id,
    displayName,
    userPrincipalName: readString(identity, 'userPrincipalName'),
    phone: isPhone ? id : null,
  };
}

/** The party of an identity set: its most specific member that names someone. */
export function partyOfIdentitySet(identitySet: unknown): Party | null {
  const set = asLoose(identitySet);
  for (const member of IDENTITY_MEMBERS) {
    const party = partyOfIdentity(set?.[member], member);
    if (party) {
      return party;
    }
  }
  return null;
}

/** The party of a session or segment endpoint (a participantEndpoint), else null. */
export function partyOfEndpoint(endpoint: unknown): Party | null {
  if (!hasType(endpoint, 'participantEndpoint')) {
    return null;
  }
  const source = asLoose(endpoint);
  return (
    partyOfIdentity(source?.['associatedIdentity']) ?? partyOfIdentitySet(source?.['identity'])
  );
}

/**
 * The organizer: organizer_v2, else the deprecated organizer
 * (libs/contracts/graph-reference/FACTS.md §1, fact 19).
 */
export function organizerOf(record: CallRecord): Party | null {
  return (
    partyOfIdentitySet(asLoose(record.organizer_v2)?.['identity']) ??
    partyOfIdentitySet(record.organizer)
  );
}

/**
 * Everyone on the call: participants_v2, the deprecated participants, the organizer and every
 * participant endpoint of the sessions and segments (the FAQ's recipe), merged by id or phone so
 * that a UPN known from one source completes the others.
 */
export function participantsOf(record: CallRecord): Party[] {
  const sessions = record.sessions ?? [];
  const endpoints = sessions.flatMap((session) => [
    session.caller,
    session.callee,
    ...(session.segments ?? []).flatMap((segment) => [segment.caller, segment.callee]),
  ]);
  const candidates = [
    ...(record.participants_v2 ?? []).map((p) => partyOfIdentitySet(asLoose(p)?.['identity'])),
    ...(record.participants ?? []).map(partyOfIdentitySet),
    organizerOf(record),
    ...endpoints.map(partyOfEndpoint),
  ];
  return mergeParties(candidates.filter((party): party is Party => party !== null));
}

function keyOf(party: Party): string | null {
  return party.id ?? (party.phone === null ? null : `phone:${party.phone}`);
}

/** Parties merged by key (first-seen order); a party without id or phone is kept only by name. */
export function mergeParties(parties: readonly Party[]): Party[] {
  const merged = new Map<string, Party>();
  for (const party of parties) {
    const key = keyOf(party) ?? `name:${party.displayName ?? ''}`;
    const known = merged.get(key);
    merged.set(key, known ? complete(known, party) : party);
  }
  return [...merged.values()];
}

function complete(known: Party, other: Party): Party {
  return {
    id: known.id ?? other.id,
    displayName: known.displayName ?? other.displayName,
    userPrincipalName: known.userPrincipalName ?? other.userPrincipalName,
    phone: known.phone ?? other.phone,
  };
}
