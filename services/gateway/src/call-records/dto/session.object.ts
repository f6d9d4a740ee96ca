import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

import type { Access } from '../../domain/tenant-scope';
import { redact } from '../../domain/access-policy';
import type { JsonRecord } from './graph-json';
import { flagAt, listAt, numberAt, recordAt, textAt, textsAt } from './graph-json';

@ObjectType('Endpoint', { description: 'One side of a session or segment (Graph endpoint).' })
export class EndpointObject {
  @Field(() => String, { nullable: true, description: '`participant` (a client) or `service`.' })
  kind!: string | null;
  @Field(() => String, { nullable: true })
  platform!: string | null;
  @Field(() => String, { nullable: true })
  productFamily!: string | null;
  @Field(() => String, { nullable: true, description: 'serviceUserAgent.role of a service.' })
  serviceRole!: string | null;
  @Field(() => String, { nullable: true })
  userAgentHeader!: string | null;
  @Field(() => String, { nullable: true, description: 'Personal: null without full access.' })
  userId!: string | null;
  @Field(() => String, { nullable: true, description: 'Personal: null without full access.' })
  userDisplayName!: string | null;
  @Field(() => String, { nullable: true, description: 'Personal: null without full access.' })
  userPrincipalName!: string | null;
}

@ObjectType('MediaStream', {
  description: 'A Graph mediaStream; durations are ISO 8601 as Graph sends them.',
})
export class MediaStreamObject {
  @Field(() => String, { nullable: true })
  streamId!: string | null;
  @Field(() => String, { nullable: true })
  streamDirection!: string | null;
  @Field(() => String, { nullable: true })
  audioCodec!: string | null;
  @Field(() => String, { nullable: true })
  videoCodec!: string | null;
  @Field(() => String, { nullable: true })
  startDateTime!: string | null;
  @Field(() => String, { nullable: true })
  endDateTime!: string | null;
  @Field(() => String, { nullable: true })
  averageJitter!: string | null;
  @Field(() => String, { nullable: true })
  maxJitter!: string | null;
  @Field(() => String, { nullable: true })
  averageRoundTripTime!: string | null;
  @Field(() => String, { nullable: true })
  maxRoundTripTime!: string | null;
  @Field(() => Float, { nullable: true })
  averagePacketLossRate!: number | null;
  @Field(() => Float, { nullable: true })
  maxPacketLossRate!: number | null;
  @Field(() => Float, { nullable: true })
  averageAudioDegradation!: number | null;
  @Field(() => Float, { nullable: true })
  averageRatioOfConcealedSamples!: number | null;
  @Field(() => Float, { nullable: true })
  packetUtilization!: number | null;
  @Field(() => Boolean, { nullable: true })
  wasMediaBypassed!: boolean | null;
}

@ObjectType('Media')
export class MediaObject {
  @Field(() => String, { nullable: true })
  label!: string | null;
  @Field(() => [MediaStreamObject])
  streams!: MediaStreamObject[];
}

@ObjectType('Segment')
export class SegmentObject {
  @Field()
  id!: string;
  @Field(() => String, { nullable: true })
  startDateTime!: string | null;
  @Field(() => String, { nullable: true })
  endDateTime!: string | null;
  @Field(() => EndpointObject, { nullable: true })
  caller!: EndpointObject | null;
  @Field(() => EndpointObject, { nullable: true })
  callee!: EndpointObject | null;
  @Field(() => String, { nullable: true })
  failureStage!: string | null;
  @Field(() => String, { nullable: true })
  failureReason!: string | null;
  @Field(() => [MediaObject])
  media!: MediaObject[];
}

@ObjectType('Session')
export class SessionObject {
  @Field()
  id!: string;
  @Field(() => [String])
  modalities!: string[];
  @Field(() => String, { nullable: true })
  startDateTime!: string | null;
  @Field(() => String, { nullable: true })
  endDateTime!: string | null;
  @Field(() => Boolean, { nullable: true })
  isTest!: boolean | null;
  @Field(() => EndpointObject, { nullable: true })
  caller!: EndpointObject | null;
  @Field(() => EndpointObject, { nullable: true })
  callee!: EndpointObject | null;
  @Field(() => String, { nullable: true })
  failureStage!: string | null;
  @Field(() => String, { nullable: true })
  failureReason!: string | null;
  @Field(() => [SegmentObject])
  segments!: SegmentObject[];
  @Field(() => Int)
  segmentCount!: number;
}

function identityOf(endpoint: JsonRecord): JsonRecord | undefined {
  const identity = recordAt(endpoint, 'associatedIdentity');
  if (identity) {
    return identity;
  }
  const set = recordAt(endpoint, 'identity');
  return recordAt(set, 'user') ?? recordAt(set, 'guest') ?? recordAt(set, 'phone');
}

export function toEndpointObject(
  endpoint: JsonRecord | undefined,
  access: Access,
): EndpointObject | null {
  if (!endpoint) {
    return null;
  }
  const agent = recordAt(endpoint, 'userAgent');
  const type = textAt(endpoint, '@odata.type') ?? '';
  const identity = identityOf(endpoint);
  return {
    kind: type.endsWith('serviceEndpoint')
      ? 'service'
      : type.endsWith('participantEndpoint')
        ? 'participant'
        : null,
    platform: textAt(agent, 'platform'),
    productFamily: textAt(agent, 'productFamily'),
    serviceRole: textAt(agent, 'role'),
    userAgentHeader: textAt(agent, 'headerValue'),
    userId: redact(access, textAt(identity, 'id')),
    userDisplayName: redact(access, textAt(identity, 'displayName')),
    userPrincipalName: redact(access, textAt(identity, 'userPrincipalName')),
  };
}

function toMediaStreamObject(stream: JsonRecord): MediaStreamObject {
  const text = (key: string): string | null => textAt(stream, key);
  const num = (key: string): number | null => numberAt(stream, key);
  return {
    streamId: text('streamId'),
    streamDirection: text('streamDirection'),
    audioCodec: text('audioCodec'),
    videoCodec: text('videoCodec'),
    startDateTime: text('startDateTime'),
    endDateTime: text('endDateTime'),
    averageJitter: text('averageJitter'),
    maxJitter: text('maxJitter'),
    averageRoundTripTime: text('averageRoundTripTime'),
    maxRoundTripTime: text('maxRoundTripTime'),
    averagePacketLossRate: num('averagePacketLossRate'),
    maxPacketLossRate: num('maxPacketLossRate'),
    averageAudioDegradation: num('averageAudioDegradation'),
    averageRatioOfConcealedSamples: num('averageRatioOfConcealedSamples'),
    packetUtilization: num('packetUtilization'),
    wasMediaBypassed: flagAt(stream, 'wasMediaBypassed'),
  };
}

function toSegmentObject(segment: JsonRecord, access: Access): SegmentObject {
  const failure = recordAt(segment, 'failureInfo');
  return {
    id: textAt(segment, 'id') ?? '',
    startDateTime: textAt(segment, 'startDateTime'),
    endDateTime: textAt(segment, 'endDateTime'),
    caller: toEndpointObject(recordAt(segment, 'caller'), access),
    callee: toEndpointObject(recordAt(segment, 'callee'), access),
    failureStage: textAt(failure, 'stage'),
    failureReason: textAt(failure, 'reason'),
    media: listAt(segment, 'media').map((media) => ({
      label: textAt(media, 'label'),
      streams: listAt(media, 'streams').map(toMediaStreamObject),
    })),
  };
}

/** The sessions of a stored Graph call record, personal fields redacted for `access`. */
export function toSessionObjects(raw: JsonRecord, access: Access): SessionObject[] {
  return listAt(raw, 'sessions').map((session) => {
    const failure = recordAt(session, 'failureInfo');
    const segments = listAt(session, 'segments').map((segment) => toSegmentObject(segment, access));
    return {
      id: textAt(session, 'id') ?? '',
      modalities: textsAt(session, 'modalities'),
      startDateTime: textAt(session, 'startDateTime'),
      endDateTime: textAt(session, 'endDateTime'),
      isTest: flagAt(session, 'isTest'),
      caller: toEndpointObject(recordAt(session, 'caller'), access),
      callee: toEndpointObject(recordAt(session, 'callee'), access),
      failureStage: textAt(failure, 'stage'),
      failureReason: textAt(failure, 'reason'),
      segments,
      segmentCount: segments.length,
    };
  });
}
