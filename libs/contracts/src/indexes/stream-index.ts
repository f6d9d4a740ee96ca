import { z } from 'zod';

import { field, propertiesOf, shapeOf } from './index-fields';

/** Graph's deviceInfo, every property (device names and drivers are not personal data). */
const DEVICE_FIELDS = {
  captureDeviceName: field.keyword(),
  captureDeviceDriver: field.keyword(),
  renderDeviceName: field.keyword(),
  renderDeviceDriver: field.keyword(),
  captureNotFunctioningEventRatio: field.double(),
  cpuInsufficentEventRatio: field.double(),
  deviceClippingEventRatio: field.double(),
  deviceGlitchEventRatio: field.double(),
  howlingEventCount: field.integer(),
  initialSignalLevelRootMeanSquare: field.double(),
  lowSpeechLevelEventRatio: field.double(),
  lowSpeechToNoiseEventRatio: field.double(),
  micGlitchRate: field.double(),
  receivedNoiseLevel: field.integer(),
  receivedSignalLevel: field.integer(),
  renderMuteEventRatio: field.double(),
  renderNotFunctioningEventRatio: field.double(),
  renderZeroVolumeEventRatio: field.double(),
  sentNoiseLevel: field.integer(),
  sentSignalLevel: field.integer(),
  speakerGlitchRate: field.double(),
};

/**
 * Graph's networkInfo without the addresses that identify a person's machine (ipAddress,
 * reflexiveIPAddress, macAddress, port) and traceRouteHops: the subnet and relay slice quality by
 * site; the full record (with addresses) stays in the `callrecords-records` document's `raw`.
 */
const NETWORK_FIELDS = {
  connectionType: field.keyword(),
  subnet: field.keyword(),
  wifiBand: field.keyword(),
  wifiRadioType: field.keyword(),
  wifiChannel: field.integer(),
  wifiSignalStrength: field.integer(),
  wifiBatteryCharge: field.integer(),
  wifiMicrosoftDriver: field.keyword(),
  wifiMicrosoftDriverVersion: field.keyword(),
  wifiVendorDriver: field.keyword(),
  wifiVendorDriverVersion: field.keyword(),
  basicServiceSetIdentifier: field.keyword(),
  dnsSuffix: field.keyword(),
  /** bits per second. */
  linkSpeed: field.long(),
  networkTransportProtocol: field.keyword(),
  relayIPAddress: field.keyword(),
  relayPort: field.integer(),
  /** True when media went through a relay (relayIPAddress present). */
  isRelayed: field.flag(),
  bandwidthLowEventRatio: field.double(),
  delayEventRatio: field.double(),
  receivedQualityEventRatio: field.double(),
  sentQualityEventRatio: field.double(),
};

/** One end of the segment the stream belongs to, with the media's device and network on that side. */
const ENDPOINT_FIELDS = {
  /** `participant` (a client) | `service` (an MCU, gateway, bot…) | null when Graph gave no endpoint. */
  kind: field.keyword(),
  userId: field.keyword(),
  userDisplayName: field.text(),
  userPrincipalName: field.keyword(),
  /** Machine name of a participant endpoint. */
  name: field.keyword(),
  platform: field.keyword(),
  productFamily: field.keyword(),
  /** serviceUserAgent.role of a service endpoint. */
  serviceRole: field.keyword(),
  userAgentHeader: field.keyword(),
  applicationVersion: field.keyword(),
  cpuName: field.keyword(),
  cpuCoresCount: field.integer(),
  cpuProcessorSpeedInMhz: field.integer(),
  feedbackRating: field.keyword(),
  device: field.object(DEVICE_FIELDS),
  network: field.object(NETWORK_FIELDS),
};

/** Every mediaStream property; ISO 8601 durations become milliseconds (`…Ms`). */
const METRIC_FIELDS = {
  audioCodec: field.keyword(),
  videoCodec: field.keyword(),
  averageAudioDegradation: field.double(),
  averageAudioNetworkJitterMs: field.double(),
  maxAudioNetworkJitterMs: field.double(),
  /** bits per second. */
  averageBandwidthEstimate: field.long(),
  averageFreezeDurationMs: field.double(),
  rmsFreezeDurationMs: field.double(),
  averageJitterMs: field.double(),
  maxJitterMs: field.double(),
  averagePacketLossRate: field.double(),
  maxPacketLossRate: field.double(),
  averageRatioOfConcealedSamples: field.double(),
  maxRatioOfConcealedSamples: field.double(),
  averageReceivedFrameRate: field.double(),
  averageRoundTripTimeMs: field.double(),
  maxRoundTripTimeMs: field.double(),
  averageVideoFrameLossPercentage: field.double(),
  averageVideoFrameRate: field.double(),
  averageVideoPacketLossRate: field.double(),
  isAudioForwardErrorCorrectionUsed: field.boolean(),
  lowFrameRateRatio: field.double(),
  lowVideoProcessingCapabilityRatio: field.double(),
  /** Packets sent or received on the stream. */
  packetUtilization: field.long(),
  postForwardErrorCorrectionPacketLossRate: field.double(),
  wasMediaBypassed: field.boolean(),
};

/**
 * The fields of a `callrecords-streams` document: one per media stream (session → segment → media →
 * stream), at the version of the call record it came from.
 */
export const STREAM_FIELDS = {
  tenantId: field.id(),
  /** `<callRecordId>:<sessionId>:<segmentId>:<media index>:<stream index>`; `_id` is `<tenantId>:<id>`. */
  id: field.id(),
  callRecordId: field.id(),
  /** The call record's version; the external version of the document. */
  version: field.requiredLong(),
  callType: field.id(),
  sessionId: field.keyword(),
  segmentId: field.keyword(),
  streamId: field.keyword(),
  /** `callerToCallee` | `calleeToCaller`. */
  streamDirection: field.keyword(),
  mediaLabel: field.keyword(),
  /** audio | video | videoBasedScreenSharing | applicationSharing | data | unknown. */
  modality: field.id(),
  /** The stream's start, else its segment's (always present: dashboards' time field). */
  startDateTime: field.requiredDate(),
  endDateTime: field.date(),
  durationSeconds: field.double(),
  qualityRuleSet: field.id(),
  /** CQD: classified streams are good or poor; unclassified ones count in neither. */
  isClassified: field.flag(),
  isPoor: field.flag(),
  poorReasons: field.keywords(),
  unclassifiedReason: field.keyword(),
  caller: field.object(ENDPOINT_FIELDS),
  callee: field.object(ENDPOINT_FIELDS),
  ...METRIC_FIELDS,
  persons: field.persons(),
  personValues: field.personValues(),
};

export const StreamDocumentSchema = z.object(shapeOf(STREAM_FIELDS));
export type StreamDocument = z.infer<typeof StreamDocumentSchema>;
export type StreamEndpointDocument = StreamDocument['caller'];
export const STREAM_PROPERTIES = propertiesOf(STREAM_FIELDS);
