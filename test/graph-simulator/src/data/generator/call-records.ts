import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';
import { participantEndpoint, serviceEndpoint } from './endpoints';
import type { Person } from './people';
import {
  aPerson,
  deprecatedIdentitySet,
  phoneNumber,
  phoneParticipant,
  userParticipant,
} from './people';
import type { Leg } from './sessions';
import { sessionOf } from './sessions';
import { plusMs } from './values';

// Whole call records of each kind, shaped as Graph returns them with
// $expand=sessions($expand=segments),participants_v2.

export type CallKind =
  'peerToPeer' | 'groupCall' | 'meeting' | 'pstn' | 'directRouting' | 'emergency';

export interface RecordSpec {
  readonly kind: CallKind;
  readonly tenantId: string;
  readonly startDateTime: string;
  readonly durationMs: number;
  readonly participantCount: number;
  /** For PSTN kinds: the number dialled (emergency: 911). */
  readonly calleeNumber?: string;
}

export interface GeneratedCall {
  readonly record: JsonObject;
  readonly people: readonly Person[];
  readonly phoneNumber: string | undefined;
}

const MCU = 'Microsoft.Skype.AudioVideoMcu/2024.7.1.0';

function leg(
  rng: Rng,
  fields: Pick<
    Leg,
    'caller' | 'callee' | 'startDateTime' | 'endDateTime' | 'callerIsClient' | 'calleeIsClient'
  > &
    Partial<Leg>,
): Leg {
  return {
    withVideo: false,
    onPoorNetwork: rng.chance(0.05),
    audioCodec: 'satin',
    wasMediaBypassed: false,
    failed: rng.chance(0.03),
    ...fields,
  };
}

function peerToPeerSessions(rng: Rng, people: readonly Person[], spec: RecordSpec): JsonObject[] {
  const [caller, callee] = people;
  if (!caller || !callee) {
    throw new Error('peer-to-peer needs two people');
  }
  const endDateTime = plusMs(spec.startDateTime, spec.durationMs);
  const withVideo = rng.chance(0.3);
  return [
    sessionOf(rng, [
      leg(rng, {
        caller: participantEndpoint(rng, caller),
        callee: participantEndpoint(rng, callee),
        startDateTime: spec.startDateTime,
        endDateTime,
        callerIsClient: true,
        calleeIsClient: true,
        withVideo,
        audioCodec: rng.pick(['satin', 'opus', 'silk']),
      }),
    ]),
  ];
}

function groupSessions(rng: Rng, people: readonly Person[], spec: RecordSpec): JsonObject[] {
  const mcu = serviceEndpoint('skypeForBusinessAudioVideoMcu', MCU);
  return people.map((person, index) => {
    const joinMs = index === 0 ? 0 : rng.int(0, Math.floor(spec.durationMs / 4));
    const leaveMs =
      index === 0 ? spec.durationMs : rng.int(Math.floor(spec.durationMs * 0.6), spec.durationMs);
    return sessionOf(rng, [
      leg(rng, {
        caller: participantEndpoint(rng, person),
        callee: mcu,
        startDateTime: plusMs(spec.startDateTime, joinMs),
        endDateTime: plusMs(spec.startDateTime, Math.max(leaveMs, joinMs + 1000)),
        callerIsClient: true,
        calleeIsClient: false,
        withVideo: rng.chance(0.4),
      }),
    ]);
  });
}

/**
 * A Teams user and a phone: user → mediation server → gateway (Calling Plan) or SBC (Direct
 * Routing).
 */
function pstnSessions(rng: Rng, person: Person, spec: RecordSpec): JsonObject[] {
  const isDirectRouting = spec.kind === 'directRouting';
  const bypass = isDirectRouting && rng.chance(0.5);
  const user = participantEndpoint(rng, person);
  const mediation = serviceEndpoint('mediationServer', 'Microsoft.PSTNHub.SIPProxy v.2024.7.1.1');
  const gateway = serviceEndpoint(
    'gateway',
    isDirectRouting ? 'sbc1.contoso.com/Ribbon SBC SWe Lite' : 'PSTN Gateway',
  );
  const end = plusMs(spec.startDateTime, spec.durationMs);
  const common = {
    startDateTime: spec.startDateTime,
    endDateTime: end,
    audioCodec: rng.pick(['pcmu', 'pcma', 'g722']),
    wasMediaBypassed: bypass,
  };
  const legs = bypass
    ? [
        leg(rng, {
          ...common,
          caller: user,
          callee: gateway,
          callerIsClient: true,
          calleeIsClient: false,
        }),
      ]
    : [
        leg(rng, {
          ...common,
          caller: user,
          callee: mediation,
          callerIsClient: true,
          calleeIsClient: false,
        }),
        leg(rng, {
          ...common,
          caller: mediation,
          callee: gateway,
          callerIsClient: false,
          calleeIsClient: false,
        }),
      ];
  return [sessionOf(rng, legs)];
}

function sessionsFor(rng: Rng, people: readonly Person[], spec: RecordSpec): JsonObject[] {
  switch (spec.kind) {
    case 'peerToPeer':
      return peerToPeerSessions(rng, people, spec);
    case 'groupCall':
    case 'meeting':
      return groupSessions(rng, people, spec);
    case 'pstn':
    case 'directRouting':
    case 'emergency':
      return pstnSessions(rng, people[0] as Person, spec);
  }
}

/** Graph no longer returns `organizer`, `participants` and `participantEndpoint.identity` from this date. */
export const DEPRECATED_IDENTITIES_REMOVED_MS = Date.parse('2026-06-30T00:00:00Z');

export function generateCallRecord(rng: Rng, spec: RecordSpec): GeneratedCall {
  const isPhone =
    spec.kind === 'pstn' || spec.kind === 'directRouting' || spec.kind === 'emergency';
  const count = isPhone ? 1 : spec.kind === 'peerToPeer' ? 2 : Math.max(2, spec.participantCount);
  const people = Array.from({ length: count }, () => aPerson(rng, spec.tenantId));
  const number = isPhone ? (spec.calleeNumber ?? phoneNumber(rng)) : undefined;
  const participants = [
    ...people.map(userParticipant),
    ...(number ? [phoneParticipant(rng, number)] : []),
  ];
  const organizer = participants[0] as JsonObject;
  const endDateTime = plusMs(spec.startDateTime, spec.durationMs);
  const sessions = sessionsFor(rng, people, spec);
  const record: JsonObject = {
    id: rng.guid(),
    version: 1,
    type: spec.kind === 'groupCall' || spec.kind === 'meeting' ? 'groupCall' : 'peerToPeer',
    modalities: [...new Set(sessions.flatMap((session) => session['modalities'] as string[]))],
    lastModifiedDateTime: plusMs(endDateTime, rng.int(5, 15) * 60_000),
    startDateTime: spec.startDateTime,
    endDateTime,
    joinWebUrl:
      spec.kind === 'meeting'
        ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${rng.guid()}%40thread.v2/0`
        : null,
    // Deprecated (libs/contracts/graph-reference/FACTS.md 19): Graph stopped returning them on 30 June 2026, so records of calls
    // after that carry only organizer_v2 / participants_v2; older ones keep both shapes.
    ...(Date.parse(spec.startDateTime) < DEPRECATED_IDENTITIES_REMOVED_MS
      ? {
          organizer: deprecatedIdentitySet(organizer),
          participants: participants.slice(0, 130).map(deprecatedIdentitySet),
        }
      : {}),
    organizer_v2: organizer,
    participants_v2: participants,
    sessions,
  };
  return { record, people, phoneNumber: number };
}
