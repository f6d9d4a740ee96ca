// Call Quality Dashboard stream classification mapped to Graph's mediaStream
// (libs/contracts/graph-reference/QUALITY.md). Rule sets are versioned: Microsoft has changed them
// before, and a user must see which set said "poor" and why.
import { parseIsoDurationMs } from './iso-duration';
import { directionalityOf, finite, inferStreamModality } from './media-stream';
import type { ClientSide, MediaLike, MediaStreamLike, StreamModality } from './media-stream';

/**
 * `cqd-2024-10`: the current CQD rules; `cqd-legacy`: the rules before mid-2021
 * (libs/contracts/graph-reference/QUALITY.md).
 */
export type QualityRuleSetId = 'cqd-2024-10' | 'cqd-legacy';

export const CURRENT_QUALITY_RULE_SET: QualityRuleSetId = 'cqd-2024-10';

/**
 * Why a stream is poor; every member is a libs/contracts/graph-reference/QUALITY.md threshold on a
 * Graph mediaStream property.
 */
export type PoorReason =
  | 'roundTrip'
  | 'packetLoss'
  | 'jitter'
  | 'degradation'
  | 'concealedSamples'
  | 'videoFrameLoss'
  | 'videoFrameRate'
  | 'videoPostFecPacketLoss';

/** Every reason, in the order reports list them. */
export const POOR_REASONS: readonly PoorReason[] = [
  'roundTrip',
  'packetLoss',
  'jitter',
  'degradation',
  'concealedSamples',
  'videoFrameLoss',
  'videoFrameRate',
  'videoPostFecPacketLoss',
];

/** Why CQD would leave a stream out of Poor % (Unclassified is neither Good nor Poor). */
export type UnclassifiedReason =
  | 'unsupportedModality'
  | 'unknownModality'
  | 'missingPacketUtilization'
  | 'lowPacketUtilization'
  | 'missingMetrics'
  | 'unknownDirection';

export interface StreamQuality {
  readonly classified: boolean;
  /** Only a classified stream can be poor. */
  readonly poor: boolean;
  readonly reasons: readonly PoorReason[];
  readonly modality: StreamModality;
  readonly ruleSet: QualityRuleSetId;
  readonly unclassifiedReason?: UnclassifiedReason;
}

export interface ClassifyStreamOptions {
  readonly ruleSet?: QualityRuleSetId;
  /** Overrides the modality inferred from the media label and codecs. */
  readonly modality?: StreamModality;
  /** Needed for VBSS rules that apply to inbound or outbound streams only. */
  readonly clientSide?: ClientSide;
}

interface Threshold {
  readonly reason: PoorReason;
  readonly read: (stream: MediaStreamLike) => number | undefined;
  readonly isPoor: (value: number) => boolean;
}

function above(reason: PoorReason, read: Threshold['read'], limit: number): Threshold {
  return { reason, read, isPoor: (value) => value > limit };
}

function below(reason: PoorReason, read: Threshold['read'], limit: number): Threshold {
  return { reason, read, isPoor: (value) => value < limit };
}

const read = {
  roundTripMs: (s: MediaStreamLike) => parseIsoDurationMs(s.averageRoundTripTime),
  jitterMs: (s: MediaStreamLike) => parseIsoDurationMs(s.averageJitter),
  packetLossRate: (s: MediaStreamLike) => finite(s.averagePacketLossRate),
  degradation: (s: MediaStreamLike) => finite(s.averageAudioDegradation),
  concealedRatio: (s: MediaStreamLike) => finite(s.averageRatioOfConcealedSamples),
  frameLossPercent: (s: MediaStreamLike) => finite(s.averageVideoFrameLossPercentage),
  frameRate: (s: MediaStreamLike) =>
    finite(s.averageVideoFrameRate) ?? finite(s.averageReceivedFrameRate),
  postFecLossRate: (s: MediaStreamLike) => finite(s.postForwardErrorCorrectionPacketLossRate),
};

// Packet utilization is a packet count; at or below 500 CQD leaves audio and video unclassified.
const MIN_PACKET_UTILIZATION = 500;

// Audio: poor when any threshold is exceeded ("all averages",
// libs/contracts/graph-reference/QUALITY.md).
const AUDIO_RULES: Record<QualityRuleSetId, { gated: boolean; any: readonly Threshold[] }> = {
  'cqd-2024-10': {
    gated: true,
    any: [
      above('roundTrip', read.roundTripMs, 500),
      above('packetLoss', read.packetLossRate, 0.1),
      above('jitter', read.jitterMs, 30),
    ],
  },
  'cqd-legacy': {
    gated: false,
    any: [
      above('degradation', read.degradation, 1.0),
      above('roundTrip', read.roundTripMs, 500),
      above('packetLoss', read.packetLossRate, 0.1),
      above('jitter', read.jitterMs, 30),
      above('concealedSamples', read.concealedRatio, 0.07),
    ],
  },
};

// Video: the first metric present decides. libs/contracts/graph-reference/QUALITY.md gives no
// legacy video rule: both sets use this.
const VIDEO_FIRST_PRESENT: readonly Threshold[] = [
  above('videoFrameLoss', read.frameLossPercent, 50),
  below('videoFrameRate', read.frameRate, 7),
  above('videoPostFecPacketLoss', read.postFecLossRate, 0.15),
];

const VBSS_MIN_FRAME_RATE: Record<QualityRuleSetId, number> = { 'cqd-2024-10': 1, 'cqd-legacy': 2 };

type Verdict = readonly PoorReason[] | UnclassifiedReason;

/**
 * Classifies one media stream as CQD does: poor (with the thresholds it crossed), good, or
 * unclassified (with why). Pure; reads only the stream, its media label and the options.
 */
export function classifyStreamQuality(
  stream: MediaStreamLike,
  media?: MediaLike | null,
  options: ClassifyStreamOptions = {},
): StreamQuality {
  const ruleSet = options.ruleSet ?? CURRENT_QUALITY_RULE_SET;
  const modality = options.modality ?? inferStreamModality(stream, media);
  const verdict = verdictFor(stream, { ruleSet, modality, clientSide: options.clientSide });
  if (typeof verdict === 'string') {
    return {
      classified: false,
      poor: false,
      reasons: [],
      modality,
      ruleSet,
      unclassifiedReason: verdict,
    };
  }
  return { classified: true, poor: verdict.length > 0, reasons: verdict, modality, ruleSet };
}

interface RuleContext {
  readonly ruleSet: QualityRuleSetId;
  readonly modality: StreamModality;
  readonly clientSide: ClientSide | undefined;
}

function verdictFor(stream: MediaStreamLike, context: RuleContext): Verdict {
  switch (context.modality) {
    case 'audio':
      return audioVerdict(stream, context.ruleSet);
    case 'video':
      return packetUtilizationGate(stream) ?? firstPresent(stream, VIDEO_FIRST_PRESENT);
    case 'videoBasedScreenSharing':
      return vbssVerdict(stream, context);
    case 'applicationSharing':
    case 'data':
      // Application sharing reads spoiled tiles and tile latency, which Graph does not have.
      return 'unsupportedModality';
    case 'unknown':
      return 'unknownModality';
  }
}

function audioVerdict(stream: MediaStreamLike, ruleSet: QualityRuleSetId): Verdict {
  const rules = AUDIO_RULES[ruleSet];
  const gate = rules.gated ? packetUtilizationGate(stream) : undefined;
  if (gate) {
    return gate;
  }
  const present = rules.any.flatMap((threshold) => {
    const value = threshold.read(stream);
    return value === undefined ? [] : [{ threshold, value }];
  });
  if (present.length === 0) {
    return 'missingMetrics';
  }
  return present
    .filter(({ threshold, value }) => threshold.isPoor(value))
    .map(({ threshold }) => threshold.reason);
}

// VBSS: frame loss applies to inbound non-H264S streams, frame rate to outbound streams and to
// H264S in either direction; the first applicable metric present decides
// (libs/contracts/graph-reference/QUALITY.md).
function vbssVerdict(stream: MediaStreamLike, context: RuleContext): Verdict {
  const frameRate = below('videoFrameRate', read.frameRate, VBSS_MIN_FRAME_RATE[context.ruleSet]);
  if (stream.videoCodec === 'h264s') {
    return firstPresent(stream, [frameRate]);
  }
  const direction = directionalityOf(stream, context.clientSide);
  if (!direction) {
    return 'unknownDirection';
  }
  const frameLoss = above('videoFrameLoss', read.frameLossPercent, 50);
  return firstPresent(stream, [
    ...(direction.inbound ? [frameLoss] : []),
    ...(direction.outbound ? [frameRate] : []),
  ]);
}

function packetUtilizationGate(stream: MediaStreamLike): UnclassifiedReason | undefined {
  const packets = finite(stream.packetUtilization);
  if (packets === undefined) {
    return 'missingPacketUtilization';
  }
  return packets > MIN_PACKET_UTILIZATION ? undefined : 'lowPacketUtilization';
}

function firstPresent(stream: MediaStreamLike, chain: readonly Threshold[]): Verdict {
  for (const threshold of chain) {
    const value = threshold.read(stream);
    if (value !== undefined) {
      return threshold.isPoor(value) ? [threshold.reason] : [];
    }
  }
  return 'missingMetrics';
}
