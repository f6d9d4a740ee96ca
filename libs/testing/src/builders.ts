import {
  CallRecordStrictSchema,
  ChangeNotificationStrictSchema,
  ClientPlatformStrictSchema,
  createEvent,
  CallRecordFetchedV1Definition,
  DirectRoutingLogRowStrictSchema,
  NetworkConnectionTypeStrictSchema,
  NotificationReceivedV1Definition,
  PstnCallLogRowStrictSchema,
  PstnCallRowV1Definition,
} from '@callrecords/contracts';
import type {
  CallRecord,
  CallRecordFetchedV1,
  ChangeNotification,
  DirectRoutingLogRow,
  Endpoint,
  MediaStream,
  NetworkInfo,
  NotificationReceivedV1,
  Participant,
  PstnCallLogRow,
  PstnCallRowV1,
  Segment,
  Session,
} from '@callrecords/contracts';

import notificationExample from './__fixtures__/change-notification-callrecord-created.json';
import sessionsExample from './__fixtures__/get-callrecord-expanded-sessions.json';
import directRoutingExample from './__fixtures__/direct-routing-row.json';
import pstnExample from './__fixtures__/getpstncalls-response.json';

// Builders start from Graph's own examples (copied from libs/contracts/graph-reference/examples)
// and only ever produce CSDL names and enum members: builders.spec.ts checks them with the strict
// schemas. Strict parsing at load also fails fast if a fixture drifts from the CSDL.
const lost = (what: string): never => {
  throw new Error(`get-callrecord-expanded-sessions.json lost its ${what}`);
};

const example = CallRecordStrictSchema.parse(sessionsExample);
const exampleSession = example.sessions?.[0] ?? lost('session');
const exampleSegment = exampleSession.segments?.[0] ?? lost('segment');
const exampleMedia = exampleSegment.media?.[0] ?? lost('media');
const exampleStream = exampleMedia.streams?.[0] ?? lost('stream');
const examplePstnRow = PstnCallLogRowStrictSchema.parse(pstnExample.value[0]);
const exampleNotification = ChangeNotificationStrictSchema.parse(notificationExample.value[0]);
const exampleDirectRoutingRow = DirectRoutingLogRowStrictSchema.parse(directRoutingExample);

/** The tenant and call record of the reference examples. */
export const EXAMPLE_TENANT_ID = 'dc368399-474c-4d40-900c-6265431fd81f';
export const EXAMPLE_CALL_RECORD_ID = example.id;
const EXAMPLE_SUBSCRIPTION_ID = '7f105c7d-2dc5-4530-97cd-4e7ae6534c07';

function withOverrides<T extends object>(base: T, overrides: Partial<T>): T {
  return { ...base, ...overrides };
}

/**
 * A mediaStream: the example's plus the metrics of a good audio stream
 * (libs/contracts/graph-reference/QUALITY.md).
 */
export function aMediaStream(overrides: Partial<MediaStream> = {}): MediaStream {
  const good = { audioCodec: 'opus', averageRoundTripTime: 'PT0.045S', maxJitter: 'PT0.03S' };
  const counts = { averagePacketLossRate: 0.002, packetUtilization: 2150 };
  return withOverrides({ ...structuredClone(exampleStream), ...good, ...counts }, overrides);
}

/** A segment shaped like the example's (one main-audio media, one stream). */
export function aSegment(overrides: Partial<Segment> = {}): Segment {
  const media = [{ ...structuredClone(exampleMedia), streams: [aMediaStream()] }];
  return withOverrides({ ...structuredClone(exampleSegment), media }, overrides);
}

/** A session of the example peer-to-peer call (participantEndpoint caller and callee). */
export function aSession(overrides: Partial<Session> = {}): Session {
  return withOverrides({ ...structuredClone(exampleSession), segments: [aSegment()] }, overrides);
}

/** The example's call record (`$expand=sessions($expand=segments)`), complete: no nextLink. */
export function aCallRecord(overrides: Partial<CallRecord> = {}): CallRecord {
  const { 'sessions@odata.nextLink': _next, ...record } = structuredClone(example);
  return withOverrides({ ...record, sessions: [aSession()] }, overrides);
}

/** A getPstnCalls row: the example's. */
export function aPstnCallRow(overrides: Partial<PstnCallLogRow> = {}): PstnCallLogRow {
  return withOverrides(structuredClone(examplePstnRow), overrides);
}

/** A getDirectRoutingCalls row of a successful call (no example in the docs: CSDL fields). */
export function aDirectRoutingRow(
  overrides: Partial<DirectRoutingLogRow> = {},
): DirectRoutingLogRow {
  return withOverrides(structuredClone(exampleDirectRoutingRow), overrides);
}

/**
 * A webhook change notification for a call record (basic: no resource data,
 * libs/contracts/graph-reference/FACTS.md §1, fact 1).
 */
export function aNotification(
  overrides: Partial<ChangeNotification> & { readonly callRecordId?: string } = {},
): ChangeNotification {
  const { callRecordId = EXAMPLE_CALL_RECORD_ID, ...rest } = overrides;
  const resource = `communications/callRecords/${callRecordId}`;
  return {
    ...structuredClone(exampleNotification),
    subscriptionId: EXAMPLE_SUBSCRIPTION_ID,
    clientState: 'secretClientValue',
    tenantId: EXAMPLE_TENANT_ID,
    resource,
    resourceData: { ...exampleNotification.resourceData, '@odata.id': resource, id: callRecordId },
    ...rest,
  };
}

type Webhook = Extract<NotificationReceivedV1['payload'], { source: 'webhook' }>;
const EXAMPLE_ENVELOPE = {
  tenantId: EXAMPLE_TENANT_ID,
  correlationId: '5d9c3a4e-0f3b-4c1e-9a57-6b1f0c2d8e11',
};

/** The NotificationReceivedV1 event ingestion produces for `aNotification()`. */
export function aNotificationReceived(overrides: Partial<Webhook> = {}): NotificationReceivedV1 {
  const callRecordId = overrides.callRecordId ?? EXAMPLE_CALL_RECORD_ID;
  return createEvent(NotificationReceivedV1Definition, {
    id: '0b7c6a58-3d1e-4f2a-8c9b-1e2d3f4a5b6c',
    ...EXAMPLE_ENVELOPE,
    occurredAt: '2020-02-25T19:05:00.000Z',
    producedAt: '2020-02-25T19:05:00.100Z',
    payload: {
      source: 'webhook',
      callRecordId,
      resource: `communications/callRecords/${callRecordId}`,
      changeType: 'created',
      receivedAt: '2020-02-25T19:05:00.000Z',
      subscriptionId: EXAMPLE_SUBSCRIPTION_ID,
      ...overrides,
    },
  });
}

/** The CallRecordFetchedV1 event the fetcher produces for `callRecord`. */
export function aCallRecordFetched(callRecord: CallRecord = aCallRecord()): CallRecordFetchedV1 {
  return createEvent(CallRecordFetchedV1Definition, {
    id: '1c8d7b69-4e2f-4a3b-9dac-2f3e4a5b6c7d',
    ...EXAMPLE_ENVELOPE,
    occurredAt: new Date(callRecord.lastModifiedDateTime),
    producedAt: '2020-02-25T19:05:02.310Z',
    payload: {
      callRecord,
      version: callRecord.version,
      lastModifiedDateTime: callRecord.lastModifiedDateTime,
      fetchedAt: '2020-02-25T19:05:02.300Z',
      graphRequestCount: 1 + Math.ceil((callRecord.sessions?.length ?? 0) / 60),
    },
  });
}

/** The PstnCallRowV1 event the fetcher produces for `row`, polled in the window of 2019-11-01. */
export function aPstnCallRowEvent(
  row: PstnCallLogRow = aPstnCallRow(),
  id = '3e9f8c7a-5f3a-4b4c-8ebd-3a4f5b6c7d8e',
): PstnCallRowV1 {
  return createEvent(PstnCallRowV1Definition, {
    id,
    ...EXAMPLE_ENVELOPE,
    occurredAt: '2019-11-02T00:00:00.000Z',
    producedAt: '2019-11-02T00:00:01.000Z',
    payload: {
      row,
      window: { fromDateTime: '2019-11-01T00:00:00.000Z', toDateTime: '2019-11-02T00:00:00.000Z' },
      fetchedAt: '2019-11-02T00:00:00.500Z',
    },
  });
}

type Draw = ReturnType<typeof draw>;

/** Seeded draws (mulberry32), so the same seed always builds the same meeting. */
function draw(seed: number) {
  let state = seed | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const hex = (n: number): string =>
    Array.from({ length: n }, () => int(0, 15).toString(16)).join('');
  return {
    next,
    int,
    pick: <T>(values: readonly T[]): T => values[int(0, values.length - 1)] as T,
    id: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
  };
}

const seconds = (value: number): string => `PT${Number(value.toFixed(3))}S`;
const known = <T extends string>(values: readonly T[]): T[] =>
  values.filter((v) => v !== 'unknownFutureValue');

type Person = Readonly<Record<'id' | 'displayName' | 'userPrincipalName', string>>;

function aMeetingStream(d: Draw, streamDirection: MediaStream['streamDirection']): MediaStream {
  // About one stream in twenty is poor by the CQD audio rule
  // (libs/contracts/graph-reference/QUALITY.md): high RTT or loss.
  const poor = d.next() < 0.05;
  return {
    streamId: String(d.int(1e9, 9e9)),
    streamDirection,
    audioCodec: d.pick(['opus', 'satin', 'silkWide'] as const),
    averageJitter: seconds(d.int(2, poor ? 80 : 25) / 1000),
    maxJitter: seconds(d.int(30, 200) / 1000),
    averageRoundTripTime: seconds(d.int(20, poor ? 900 : 200) / 1000),
    maxRoundTripTime: seconds(d.int(200, 1500) / 1000),
    averagePacketLossRate: poor ? 0.05 + d.next() * 0.2 : d.next() * 0.02,
    maxPacketLossRate: d.next() * 0.3,
    averageBandwidthEstimate: d.int(50_000, 10_000_000),
    packetUtilization: d.int(300, 60_000),
    averageRatioOfConcealedSamples: d.next() * 0.05,
    averageAudioDegradation: d.next() * 1.5,
    wasMediaBypassed: false,
  };
}

function aMeetingNetwork(d: Draw, index: number): NetworkInfo {
  const connectionType = d.pick(known(NetworkConnectionTypeStrictSchema.options));
  const wifi = connectionType === 'wifi';
  return {
    connectionType,
    ipAddress: `10.${index % 250}.${d.int(0, 255)}.${d.int(1, 254)}`,
    subnet: `10.${index % 250}.0.0`,
    reflexiveIPAddress: `203.0.113.${d.int(1, 254)}`,
    port: d.int(50_000, 50_059),
    linkSpeed: wifi ? 866_000_000 : 1_000_000_000,
    networkTransportProtocol: d.pick(['udp', 'udp', 'udp', 'tcp'] as const),
    wifiBand: wifi ? 'frequency50GHz' : 'unknown',
    wifiRadioType: wifi ? 'wifi80211ac' : 'unknown',
    // Always empty unless Microsoft support enables trace routes
    // (libs/contracts/graph-reference/FACTS.md §2).
    traceRouteHops: [],
  };
}

function aMeetingSession(d: Draw, person: Person, meetingStartMs: number): Session {
  const startMs = meetingStartMs + d.int(0, 600) * 1000;
  const endMs = startMs + d.int(60, 3600) * 1000;
  const caller: Endpoint = {
    '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
    name: `machine-${person.id.slice(0, 8)}`,
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.clientUserAgent',
      headerValue: 'SkypeSpaces/1415/24060112011/os=windows; osVer=10; deviceType=computer',
      platform: d.pick(known(ClientPlatformStrictSchema.options)),
      productFamily: 'teams',
    },
    associatedIdentity: { ...person, tenantId: EXAMPLE_TENANT_ID },
  };
  // In a meeting every session runs between a participant and the conferencing service
  // (libs/contracts/graph-reference/FACTS.md §2).
  const callee: Endpoint = {
    '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint',
    userAgent: {
      '@odata.type': '#microsoft.graph.callRecords.serviceUserAgent',
      headerValue: 'AVMCU/1.0',
      role: 'skypeForBusinessAudioVideoMcu',
    },
  };
  const [startDateTime, endDateTime] = [startMs, endMs].map((ms) => new Date(ms).toISOString());
  const times = { startDateTime, endDateTime };
  const media = {
    label: 'main-audio',
    callerNetwork: aMeetingNetwork(d, d.int(0, 1000)),
    callerDevice: { captureDeviceName: 'Microphone', micGlitchRate: d.next() },
    streams: [aMeetingStream(d, 'callerToCallee'), aMeetingStream(d, 'calleeToCaller')],
  };
  return {
    id: d.id(),
    modalities: ['audio'],
    isTest: false,
    caller,
    callee,
    ...times,
    segments: [{ id: d.id(), caller, callee, ...times, media: [media] }],
  };
}

/**
 * A group call with `sessionCount` sessions (participants rejoin, so about two sessions each),
 * merged like the fetcher merges pages. The same seed always gives the same meeting.
 */
export function aMeetingWithSessions(sessionCount: number, seed = 1): CallRecord {
  const d = draw(seed);
  const people = Array.from({ length: Math.max(1, Math.ceil(sessionCount / 2)) }, (_, i) => {
    const [displayName, userPrincipalName] = [
      `Participant ${i + 1}`,
      `participant${i + 1}@contoso.com`,
    ];
    return { id: d.id(), displayName, userPrincipalName };
  });
  const startMs = Date.parse('2024-03-04T09:00:00Z') + d.int(0, 86_400) * 1000;
  const sessions = Array.from({ length: sessionCount }, (_, i) =>
    aMeetingSession(d, people[i % people.length] as Person, startMs),
  );
  const endMs = Math.max(startMs, ...sessions.map((s) => Date.parse(s.endDateTime ?? '')));
  const asParticipant = ({ id, displayName }: Person): Participant => ({
    id,
    identity: { user: { id, displayName, tenantId: EXAMPLE_TENANT_ID } },
  });
  return {
    id: d.id(),
    version: 1,
    type: 'groupCall',
    modalities: ['audio'],
    joinWebUrl: `https://teams.microsoft.com/l/meetup-join/${seed}`,
    startDateTime: new Date(startMs).toISOString(),
    endDateTime: new Date(endMs).toISOString(),
    // First versions typically appear within 15 minutes of the end
    // (libs/contracts/graph-reference/FACTS.md §1, fact 12).
    lastModifiedDateTime: new Date(endMs + 15 * 60 * 1000).toISOString(),
    organizer_v2: asParticipant(people[0] as Person),
    participants_v2: people.map(asParticipant),
    sessions,
  };
}
