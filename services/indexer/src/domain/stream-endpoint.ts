import type { StreamEndpointDocument } from '@callrecords/contracts';

import {
  asLoose,
  hasType,
  readBoolean,
  readDurationMs,
  readInteger,
  readNumber,
  readString,
} from './graph-values';
import { partyOfEndpoint } from './parties';

const DEVICE_STRINGS = [
  'captureDeviceName',
  'captureDeviceDriver',
  'renderDeviceName',
  'renderDeviceDriver',
] as const;
const DEVICE_INTEGERS = [
  'howlingEventCount',
  'receivedNoiseLevel',
  'receivedSignalLevel',
  'sentNoiseLevel',
  'sentSignalLevel',
] as const;
const DEVICE_NUMBERS = [
  'captureNotFunctioningEventRatio',
  'cpuInsufficentEventRatio',
  'deviceClippingEventRatio',
  'deviceGlitchEventRatio',
  'initialSignalLevelRootMeanSquare',
  'lowSpeechLevelEventRatio',
  'lowSpeechToNoiseEventRatio',
  'micGlitchRate',
  'renderMuteEventRatio',
  'renderNotFunctioningEventRatio',
  'renderZeroVolumeEventRatio',
  'speakerGlitchRate',
] as const;
const NETWORK_STRINGS = [
  'connectionType',
  'subnet',
  'wifiBand',
  'wifiRadioType',
  'wifiMicrosoftDriver',
  'wifiMicrosoftDriverVersion',
  'wifiVendorDriver',
  'wifiVendorDriverVersion',
  'basicServiceSetIdentifier',
  'dnsSuffix',
  'networkTransportProtocol',
  'relayIPAddress',
] as const;
const NETWORK_INTEGERS = [
  'wifiChannel',
  'wifiSignalStrength',
  'wifiBatteryCharge',
  'linkSpeed',
  'relayPort',
] as const;
const NETWORK_NUMBERS = [
  'bandwidthLowEventRatio',
  'delayEventRatio',
  'receivedQualityEventRatio',
  'sentQualityEventRatio',
] as const;

// One object filled by plain loops: this runs for every stream of every record, and the
// indexer's CPU profile showed the Object.fromEntries/spread version as its largest mapping cost.
function fill(
  target: Record<string, unknown>,
  source: unknown,
  fields: readonly [readonly string[], (source: unknown, key: string) => unknown][],
): void {
  for (const [keys, read] of fields) {
    for (const key of keys) {
      target[key] = read(source, key);
    }
  }
}

/** Graph's deviceInfo as the stream document keeps it (every property; null when absent). */
export function toDeviceDocument(device: unknown): StreamEndpointDocument['device'] {
  const document: Record<string, unknown> = {};
  fill(document, device, [
    [DEVICE_STRINGS, readString],
    [DEVICE_INTEGERS, readInteger],
    [DEVICE_NUMBERS, readNumber],
  ]);
  return document as StreamEndpointDocument['device'];
}

/** Graph's networkInfo without machine addresses (see the index contract), plus `isRelayed`. */
export function toNetworkDocument(network: unknown): StreamEndpointDocument['network'] {
  const document: Record<string, unknown> = {};
  fill(document, network, [
    [NETWORK_STRINGS, readString],
    [NETWORK_INTEGERS, readInteger],
    [NETWORK_NUMBERS, readNumber],
  ]);
  document['isRelayed'] = readString(network, 'relayIPAddress') !== null;
  return document as StreamEndpointDocument['network'];
}

function kindOf(endpoint: unknown): string | null {
  if (hasType(endpoint, 'participantEndpoint')) {
    return 'participant';
  }
  if (hasType(endpoint, 'serviceEndpoint')) {
    return 'service';
  }
  return asLoose(endpoint) ? 'unknown' : null;
}

/** One end of a segment with the media's device and network on that side. */
export function toStreamEndpointDocument(
  endpoint: unknown,
  device: unknown,
  network: unknown,
): StreamEndpointDocument {
  const party = partyOfEndpoint(endpoint);
  const agent = asLoose(endpoint)?.['userAgent'];
  return {
    kind: kindOf(endpoint),
    userId: party?.id ?? null,
    userDisplayName: party?.displayName ?? null,
    userPrincipalName: party?.userPrincipalName ?? null,
    name: readString(endpoint, 'name'),
    platform: readString(agent, 'platform'),
    productFamily: readString(agent, 'productFamily'),
    serviceRole: readString(agent, 'role'),
    userAgentHeader: readString(agent, 'headerValue'),
    applicationVersion: readString(agent, 'applicationVersion'),
    cpuName: readString(endpoint, 'cpuName'),
    cpuCoresCount: readInteger(endpoint, 'cpuCoresCount'),
    cpuProcessorSpeedInMhz: readInteger(endpoint, 'cpuProcessorSpeedInMhz'),
    feedbackRating: readString(asLoose(endpoint)?.['feedback'], 'rating'),
    device: toDeviceDocument(device),
    network: toNetworkDocument(network),
  };
}

/** Every mediaStream metric; durations in milliseconds. */
export function toStreamMetrics(stream: unknown) {
  const ms = (key: string) => readDurationMs(stream, key);
  return {
    audioCodec: readString(stream, 'audioCodec'),
    videoCodec: readString(stream, 'videoCodec'),
    averageAudioDegradation: readNumber(stream, 'averageAudioDegradation'),
    averageAudioNetworkJitterMs: ms('averageAudioNetworkJitter'),
    maxAudioNetworkJitterMs: ms('maxAudioNetworkJitter'),
    averageBandwidthEstimate: readInteger(stream, 'averageBandwidthEstimate'),
    averageFreezeDurationMs: ms('averageFreezeDuration'),
    rmsFreezeDurationMs: ms('rmsFreezeDuration'),
    averageJitterMs: ms('averageJitter'),
    maxJitterMs: ms('maxJitter'),
    averagePacketLossRate: readNumber(stream, 'averagePacketLossRate'),
    maxPacketLossRate: readNumber(stream, 'maxPacketLossRate'),
    averageRatioOfConcealedSamples: readNumber(stream, 'averageRatioOfConcealedSamples'),
    maxRatioOfConcealedSamples: readNumber(stream, 'maxRatioOfConcealedSamples'),
    averageReceivedFrameRate: readNumber(stream, 'averageReceivedFrameRate'),
    averageRoundTripTimeMs: ms('averageRoundTripTime'),
    maxRoundTripTimeMs: ms('maxRoundTripTime'),
    averageVideoFrameLossPercentage: readNumber(stream, 'averageVideoFrameLossPercentage'),
    averageVideoFrameRate: readNumber(stream, 'averageVideoFrameRate'),
    averageVideoPacketLossRate: readNumber(stream, 'averageVideoPacketLossRate'),
    isAudioForwardErrorCorrectionUsed: readBoolean(stream, 'isAudioForwardErrorCorrectionUsed'),
    lowFrameRateRatio: readNumber(stream, 'lowFrameRateRatio'),
    lowVideoProcessingCapabilityRatio: readNumber(stream, 'lowVideoProcessingCapabilityRatio'),
    packetUtilization: readInteger(stream, 'packetUtilization'),
    postForwardErrorCorrectionPacketLossRate: readNumber(
      stream,
      'postForwardErrorCorrectionPacketLossRate',
    ),
    wasMediaBypassed: readBoolean(stream, 'wasMediaBypassed'),
  };
}
