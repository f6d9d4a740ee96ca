import type { ClientSide, MediaLike, MediaStreamLike } from './media-stream';

/** A session or segment endpoint; `@odata.type` tells a client from a service. */
export interface EndpointLike {
  readonly '@odata.type'?: string | null;
}

export interface SegmentLike {
  readonly id?: string | null;
  readonly caller?: EndpointLike | null;
  readonly callee?: EndpointLike | null;
  readonly media?: readonly MediaLike[] | null;
}

export interface SessionLike {
  readonly id?: string | null;
  readonly caller?: EndpointLike | null;
  readonly callee?: EndpointLike | null;
  readonly segments?: readonly SegmentLike[] | null;
}

/** A callRecord as read with `$expand=sessions($expand=segments)`. */
export interface CallRecordLike {
  readonly sessions?: readonly SessionLike[] | null;
}

/** One stream with what the rules need to know about where it sits. */
export interface MediaStreamEntry {
  readonly stream: MediaStreamLike;
  readonly media?: MediaLike;
  readonly clientSide?: ClientSide;
  readonly sessionId?: string;
  readonly segmentId?: string;
}

/**
 * Every media stream of a call record, in document order, with the client side of its segment.
 * Segments without their own caller/callee fall back to the session's (docs shorten examples).
 */
export function collectMediaStreams(record: CallRecordLike): MediaStreamEntry[] {
  return (record.sessions ?? []).flatMap((session) =>
    (session.segments ?? []).flatMap((segment) => {
      const clientSide = clientSideOf(
        segment.caller ?? session.caller,
        segment.callee ?? session.callee,
      );
      return (segment.media ?? []).flatMap((media) =>
        (media.streams ?? []).map((stream) =>
          entryOf({ stream, media }, clientSide, { session, segment }),
        ),
      );
    }),
  );
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Assigned, not spread: this runs for every stream of every record (indexer and aggregator), and
// three conditional spreads cost more than the rest of the walk.
function entryOf(
  { stream, media }: { readonly stream: MediaStreamLike; readonly media: MediaLike },
  clientSide: ClientSide | undefined,
  { session, segment }: { readonly session: SessionLike; readonly segment: SegmentLike },
): MediaStreamEntry {
  const entry: Mutable<MediaStreamEntry> = { stream, media };
  if (clientSide) {
    entry.clientSide = clientSide;
  }
  if (session.id) {
    entry.sessionId = session.id;
  }
  if (segment.id) {
    entry.segmentId = segment.id;
  }
  return entry;
}

function clientSideOf(
  caller: EndpointLike | null | undefined,
  callee: EndpointLike | null | undefined,
): ClientSide | undefined {
  const callerIsClient = isParticipant(caller);
  const calleeIsClient = isParticipant(callee);
  if (callerIsClient && calleeIsClient) {
    return 'both';
  }
  if (callerIsClient) {
    return 'caller';
  }
  return calleeIsClient ? 'callee' : undefined;
}

// `#microsoft.graph.callRecords.participantEndpoint`; compared case-insensitively
// (libs/contracts/graph-reference/FACTS.md §7).
function isParticipant(endpoint: EndpointLike | null | undefined): boolean {
  return endpoint?.['@odata.type']?.toLowerCase().endsWith('.participantendpoint') ?? false;
}
