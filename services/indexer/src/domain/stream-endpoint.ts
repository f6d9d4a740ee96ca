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

// Object literals with every key written out: this runs for two endpoints of every stream of every
// record, and V8 builds a literal with one hidden class. A loop over key lists (and, before it,
// Object.fromEntries) made each call megamorphic and was the mapping's largest cost (issue #15).

/** Graph's deviceInfo as the stream document keeps it (every property; null when absent). */
export function toDeviceDocument(device: unknown): StreamEndpointDocument['device'] {
  const d = asLoose(device);
  return {
    captureDeviceName: readString(d, 'captureDeviceName'),
    captureDeviceDriver: readString(d, 'captureDeviceDriver'),
    renderDeviceName: readString(d, 'renderDeviceName'),
    renderDeviceDriver: readString(d, 'renderDeviceDriver'),
    howlingEventCount: readInteger(d, 'howlingEventCount'),
    receivedNoiseLevel: readInteger(d, 'receivedNoiseLevel'),
    receivedSignalLevel: readInteger(d, 'receivedSignalLevel'),
    sentNoiseLevel: readInteger(d, 'sentNoiseLevel'),
    sentSignalLevel: readInteger(d, 'sentSignalLevel'),
    captureNotFunctioningEventRatio: readNumber(d, 'captureNotFunctioningEventRatio'),
    cpuInsufficentEventRatio: readNumber(d, 'cpuInsufficentEventRatio'),
    deviceClippingEventRatio: readNumber(d, 'deviceClippingEventRatio'),
    deviceGlitchEventRatio: readNumber(d, 'deviceGlitchEventRatio'),
    initialSignalLevelRootMeanSquare: readNumber(d, 'initialSignalLevelRootMeanSquare'),
    lowSpeechLevelEventRatio: readNumber(d, 'lowSpeechLevelEventRatio'),
    lowSpeechToNoiseEventRatio: readNumber(d, 'lowSpeechToNoiseEventRatio'),
    micGlitchRate: readNumber(d, 'micGlitchRate'),
    renderMuteEventRatio: readNumber(d, 'renderMuteEventRatio'),
    renderNotFunctioningEventRatio: readNumber(d, 'renderNotFunctioningEventRatio'),
    renderZeroVolumeEventRatio: readNumber(d, 'renderZeroVolumeEventRatio'),
    speakerGlitchRate: readNumber(d, 'speakerGlitchRate'),
  };
}

/** Graph's networkInfo without machine addresses (see the index contract), plus `isRelayed`. */
export function toNetworkDocument(network: unknown): StreamEndpointDocument['network'] {
  const n = asLoose(network);
  const relayIPAddress = readString(n, 'relayIPAddress');
  return {
    connectionType: readString(n, 'connectionType'),
    subnet: readString(n, 'subnet'),
    wifiBand: readString(n, 'wifiBand'),
    wifiRadioType: readString(n, 'wifiRadioType'),
    wifiMicrosoftDriver: readString(n, 'wifiMicrosoftDriver'),
    wifiMicrosoftDriverVersion: readString(n, 'wifiMicrosoftDriverVersion'),
    wifiVendorDriver: readString(n, 'wifiVendorDriver'),
    wifiVendorDriverVersion: readString(n, 'wifiVendorDriverVersion'),
    basicServiceSetIdentifier: readString(n, 'basicServiceSetIdentifier'),
    dnsSuffix: readString(n, 'dnsSuffix'),
    networkTransportProtocol: readString(n, 'networkTransportProtocol'),
    relayIPAddress,
    wifiChannel: readInteger(n, 'wifiChannel'),
    wifiSignalStrength: readInteger(n, 'wifiSignalStrength'),
    wifiBatteryCharge: readInteger(n, 'wifiBatteryCharge'),
    linkSpeed: readInteger(n, 'linkSpeed'),
    relayPort: readInteger(n, 'relayPort'),
    bandwidthLowEventRatio: readNumber(n, 'bandwidthLowEventRatio'),
    delayEventRatio: readNumber(n, 'delayEventRatio'),
    receivedQualityEventRatio: readNumber(n, 'receivedQualityEventRatio'),
    sentQualityEventRatio: readNumber(n, 'sentQualityEventRatio'),
    isRelayed: relayIPAddress !== null,
  };
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
