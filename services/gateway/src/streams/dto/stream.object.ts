import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

import type { StreamDocument, StreamEndpointDocument } from '@callrecords/contracts';

import { redact } from '../../domain/access-policy';
import type { Access } from '../../domain/tenant-scope';

@ObjectType('StreamDevice')
export class StreamDeviceObject {
  @Field(() => String, { nullable: true })
  captureDeviceName!: string | null;
  @Field(() => String, { nullable: true })
  renderDeviceName!: string | null;
  @Field(() => Float, { nullable: true })
  micGlitchRate!: number | null;
  @Field(() => Float, { nullable: true })
  speakerGlitchRate!: number | null;
}

@ObjectType('StreamNetwork')
export class StreamNetworkObject {
  @Field(() => String, { nullable: true })
  connectionType!: string | null;
  @Field(() => String, { nullable: true })
  subnet!: string | null;
  @Field(() => String, { nullable: true })
  wifiBand!: string | null;
  @Field(() => Int, { nullable: true })
  wifiSignalStrength!: number | null;
  @Field(() => Float, { nullable: true, description: 'bits per second' })
  linkSpeed!: number | null;
  @Field(() => String, { nullable: true })
  networkTransportProtocol!: string | null;
  @Field()
  isRelayed!: boolean;
}

@ObjectType('StreamEndpoint')
export class StreamEndpointObject {
  @Field(() => String, { nullable: true })
  kind!: string | null;
  @Field(() => String, { nullable: true })
  platform!: string | null;
  @Field(() => String, { nullable: true })
  productFamily!: string | null;
  @Field(() => String, { nullable: true })
  serviceRole!: string | null;
  @Field(() => String, { nullable: true, description: 'Personal: null without full access.' })
  userId!: string | null;
  @Field(() => String, { nullable: true, description: 'Personal: null without full access.' })
  userDisplayName!: string | null;
  @Field(() => String, { nullable: true, description: 'Personal: null without full access.' })
  userPrincipalName!: string | null;
  @Field(() => StreamDeviceObject)
  device!: StreamDeviceObject;
  @Field(() => StreamNetworkObject)
  network!: StreamNetworkObject;
}

@ObjectType('Stream', { description: 'One media stream of a call, classified by CQD rules.' })
export class StreamObject {
  @Field(() => ID)
  id!: string;
  @Field()
  callRecordId!: string;
  @Field()
  callType!: string;
  @Field(() => String, { nullable: true })
  sessionId!: string | null;
  @Field(() => String, { nullable: true })
  segmentId!: string | null;
  @Field(() => String, { nullable: true })
  streamId!: string | null;
  @Field(() => String, { nullable: true })
  streamDirection!: string | null;
  @Field(() => String, { nullable: true })
  mediaLabel!: string | null;
  @Field()
  modality!: string;
  @Field()
  startDateTime!: string;
  @Field(() => String, { nullable: true })
  endDateTime!: string | null;
  @Field(() => Float, { nullable: true })
  durationSeconds!: number | null;
  @Field()
  isClassified!: boolean;
  @Field()
  isPoor!: boolean;
  @Field(() => [String])
  poorReasons!: string[];
  @Field(() => String, { nullable: true })
  unclassifiedReason!: string | null;
  @Field(() => String, { nullable: true })
  audioCodec!: string | null;
  @Field(() => String, { nullable: true })
  videoCodec!: string | null;
  @Field(() => Float, { nullable: true })
  averageJitterMs!: number | null;
  @Field(() => Float, { nullable: true })
  maxJitterMs!: number | null;
  @Field(() => Float, { nullable: true })
  averageRoundTripTimeMs!: number | null;
  @Field(() => Float, { nullable: true })
  maxRoundTripTimeMs!: number | null;
  @Field(() => Float, { nullable: true })
  averagePacketLossRate!: number | null;
  @Field(() => Float, { nullable: true })
  maxPacketLossRate!: number | null;
  @Field(() => Float, { nullable: true })
  averageAudioDegradation!: number | null;
  @Field(() => Float, { nullable: true })
  averageRatioOfConcealedSamples!: number | null;
  @Field(() => StreamEndpointObject)
  caller!: StreamEndpointObject;
  @Field(() => StreamEndpointObject)
  callee!: StreamEndpointObject;
}

function toEndpoint(endpoint: StreamEndpointDocument, access: Access): StreamEndpointObject {
  const { device, network } = endpoint;
  return {
    kind: endpoint.kind,
    platform: endpoint.platform,
    productFamily: endpoint.productFamily,
    serviceRole: endpoint.serviceRole,
    userId: redact(access, endpoint.userId),
    userDisplayName: redact(access, endpoint.userDisplayName),
    userPrincipalName: redact(access, endpoint.userPrincipalName),
    device: {
      captureDeviceName: device.captureDeviceName,
      renderDeviceName: device.renderDeviceName,
      micGlitchRate: device.micGlitchRate,
      speakerGlitchRate: device.speakerGlitchRate,
    },
    network: {
      connectionType: network.connectionType,
      subnet: network.subnet,
      wifiBand: network.wifiBand,
      wifiSignalStrength: network.wifiSignalStrength,
      linkSpeed: network.linkSpeed,
      networkTransportProtocol: network.networkTransportProtocol,
      isRelayed: network.isRelayed,
    },
  };
}

export function toStreamObject(doc: StreamDocument, access: Access): StreamObject {
  return {
    id: doc.id,
    callRecordId: doc.callRecordId,
    callType: doc.callType,
    sessionId: doc.sessionId,
    segmentId: doc.segmentId,
    streamId: doc.streamId,
    streamDirection: doc.streamDirection,
    mediaLabel: doc.mediaLabel,
    modality: doc.modality,
    startDateTime: doc.startDateTime,
    endDateTime: doc.endDateTime,
    durationSeconds: doc.durationSeconds,
    isClassified: doc.isClassified,
    isPoor: doc.isPoor,
    poorReasons: doc.poorReasons,
    unclassifiedReason: doc.unclassifiedReason,
    audioCodec: doc.audioCodec,
    videoCodec: doc.videoCodec,
    averageJitterMs: doc.averageJitterMs,
    maxJitterMs: doc.maxJitterMs,
    averageRoundTripTimeMs: doc.averageRoundTripTimeMs,
    maxRoundTripTimeMs: doc.maxRoundTripTimeMs,
    averagePacketLossRate: doc.averagePacketLossRate,
    maxPacketLossRate: doc.maxPacketLossRate,
    averageAudioDegradation: doc.averageAudioDegradation,
    averageRatioOfConcealedSamples: doc.averageRatioOfConcealedSamples,
    caller: toEndpoint(doc.caller, access),
    callee: toEndpoint(doc.callee, access),
  };
}
