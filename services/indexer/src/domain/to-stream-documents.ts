import { classifyStreamQuality, collectMediaStreams } from '@callrecords/call-quality';
import { edmDateTimeMs } from '@callrecords/contracts';
import type { CallRecordFetchedV1, StreamDocument } from '@callrecords/contracts';

import { readString } from './graph-values';
import { toStreamEndpointDocument, toStreamMetrics } from './stream-endpoint';

type Record_ = CallRecordFetchedV1['payload']['callRecord'];
type Session = NonNullable<Record_['sessions']>[number];
type Segment = NonNullable<Session['segments']>[number];
type Media = NonNullable<Segment['media']>[number];
type Stream = NonNullable<Media['streams']>[number];

interface StreamPlace {
  readonly session: Session;
  readonly segment: Segment;
  readonly media: Media;
  readonly stream: Stream;
  /** `<session>:<segment>:<media index>:<stream index>`: stable while Graph keeps its order. */
  readonly path: string;
}

// The same walk as collectMediaStreams (sessions → segments → media → streams, in order), keeping
// the places it drops; the two lists line up one to one.
function streamPlaces(record: Record_): StreamPlace[] {
  return (record.sessions ?? []).flatMap((session, si) =>
    (session.segments ?? []).flatMap((segment, gi) =>
      (segment.media ?? []).flatMap((media, mi) =>
        (media.streams ?? []).map((stream, ti) => ({
          session,
          segment,
          media,
          stream,
          path: `${session.id || si}:${segment.id || gi}:${mi}:${ti}`,
        })),
      ),
    ),
  );
}

/**
 * The `callrecords-streams` documents of a fetched call record: one per media stream, with the
 * segment's endpoints (falling back to the session's), the media's devices and networks, every metric
 * and its CQD classification. Pure: the same event always gives the same documents.
 */
export function toStreamDocuments(event: CallRecordFetchedV1): StreamDocument[] {
  const record = event.payload.callRecord;
  const entries = collectMediaStreams(record);
  const dateOf = dateReader();
  const recordStart = dateOf(record.startDateTime);
  return streamPlaces(record).map((place, position) => {
    const entry = entries[position];
    const quality = classifyStreamQuality(place.stream, place.media, {
      ...(entry?.clientSide ? { clientSide: entry.clientSide } : {}),
    });
    const { session, segment, media, stream } = place;
    const start =
      dateOf(stream.startDateTime ?? segment.startDateTime ?? session.startDateTime) ?? recordStart;
    const end = dateOf(stream.endDateTime ?? segment.endDateTime ?? session.endDateTime);
    // The metrics first: V8 clones a leading spread in one step, a trailing one key by key.
    const document: StreamDocument = {
      ...toStreamMetrics(stream),
      tenantId: event.tenantId,
      id: `${record.id}:${place.path}`,
      callRecordId: record.id,
      version: record.version,
      callType: record.type ?? 'unknown',
      sessionId: session.id || null,
      segmentId: segment.id || null,
      streamId: readString(stream, 'streamId'),
      streamDirection: readString(stream, 'streamDirection'),
      mediaLabel: readString(media, 'label'),
      modality: quality.modality,
      startDateTime: start?.iso ?? '',
      endDateTime: end?.iso ?? null,
      durationSeconds: start && end && end.ms >= start.ms ? (end.ms - start.ms) / 1000 : null,
      qualityRuleSet: quality.ruleSet,
      isClassified: quality.classified,
      isPoor: quality.poor,
      poorReasons: [...quality.reasons],
      unclassifiedReason: quality.unclassifiedReason ?? null,
      caller: toStreamEndpointDocument(
        segment.caller ?? session.caller,
        media.callerDevice,
        media.callerNetwork,
      ),
      callee: toStreamEndpointDocument(
        segment.callee ?? session.callee,
        media.calleeDevice,
        media.calleeNetwork,
      ),
    };
    return document;
  });
}

interface DateValue {
  /** Normalized to milliseconds, as toIsoMs gives it. */
  readonly iso: string;
  readonly ms: number;
}

// A record's streams share their segments' and sessions' dates: each distinct value is parsed and
// formatted once per record instead of twice per stream (toIsoMs, then secondsBetween's parses).
function dateReader(): (value: string | null | undefined) => DateValue | null {
  const seen = new Map<string, DateValue | null>();
  return (value) => {
    if (typeof value !== 'string') {
      return null;
    }
    let known = seen.get(value);
    if (known === undefined) {
      const ms = edmDateTimeMs(value);
      known = ms === undefined ? null : { iso: new Date(ms).toISOString(), ms };
      seen.set(value, known);
    }
    return known;
  };
}
