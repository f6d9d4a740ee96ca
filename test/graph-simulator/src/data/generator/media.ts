import type { Rng } from '../prng';
import type { JsonObject } from '../../simulator.types';
import { clamp, isoDuration, round } from './values';

// Media streams with believable distributions (libs/contracts/graph-reference/QUALITY.md): most
// audio streams are good (jitter a few ms, RTT tens of ms, little loss); a few percent are poor by
// one CQD cause (jitter > 30 ms, RTT > 500 ms or loss > 10 %, with concealment and degradation to
// match); some carry too few packets to be classified.

export type StreamQuality = 'good' | 'poor' | 'unclassified';

export interface StreamInput {
  readonly direction: 'callerToCallee' | 'calleeToCaller';
  readonly startDateTime: string;
  readonly endDateTime: string;
  readonly quality: StreamQuality;
  readonly codec: string;
  readonly wasMediaBypassed: boolean;
}

/** Per-stream quality; a participant on a poor network makes poor streams far more likely. */
export function drawQuality(rng: Rng, onPoorNetwork: boolean): StreamQuality {
  const roll = rng.next();
  const poorShare = onPoorNetwork ? 0.7 : 0.015;
  if (roll < poorShare) {
    return 'poor';
  }
  return roll < poorShare + 0.06 ? 'unclassified' : 'good';
}

function seconds(input: StreamInput): number {
  return Math.max(1, (Date.parse(input.endDateTime) - Date.parse(input.startDateTime)) / 1000);
}

interface AudioMetrics {
  jitterMs: number;
  rttMs: number;
  loss: number;
  concealed: number;
  degradation: number;
}

function goodAudio(rng: Rng): AudioMetrics {
  return {
    jitterMs: clamp(rng.logNormal(5, 0.5), 0.5, 25),
    rttMs: clamp(rng.logNormal(40, 0.6), 5, 400),
    loss: rng.chance(0.6) ? 0 : clamp(rng.logNormal(0.003, 0.8), 0, 0.05),
    concealed: clamp(rng.logNormal(0.01, 0.7), 0, 0.06),
    degradation: clamp(rng.logNormal(0.2, 0.6), 0, 0.9),
  };
}

function poorAudio(rng: Rng): AudioMetrics {
  const base = goodAudio(rng);
  const cause = rng.pick(['jitter', 'rtt', 'loss'] as const);
  return {
    jitterMs: cause === 'jitter' ? rng.float(35, 90) : base.jitterMs,
    rttMs: cause === 'rtt' ? rng.float(520, 1500) : base.rttMs,
    loss: cause === 'loss' ? rng.float(0.11, 0.35) : base.loss,
    concealed: rng.float(0.08, 0.3),
    degradation: rng.float(1.1, 3),
  };
}

function common(rng: Rng, input: StreamInput): JsonObject {
  return {
    streamId: String(rng.int(100_000_000, 2_000_000_000)),
    streamDirection: input.direction,
    startDateTime: input.startDateTime,
    endDateTime: input.endDateTime,
    wasMediaBypassed: input.wasMediaBypassed,
  };
}

export function audioStream(rng: Rng, input: StreamInput): JsonObject {
  const metrics = input.quality === 'poor' ? poorAudio(rng) : goodAudio(rng);
  // 20 ms frames: ~50 packets a second; a muted or very short stream stays under CQD's 500-packet
  // gate.
  const packets =
    input.quality === 'unclassified'
      ? rng.int(0, 450)
      : Math.round(seconds(input) * 50 * rng.float(0.9, 1));
  return {
    ...common(rng, input),
    audioCodec: input.codec,
    averageJitter: isoDuration(metrics.jitterMs),
    maxJitter: isoDuration(metrics.jitterMs * rng.float(2, 5)),
    averageRoundTripTime: isoDuration(metrics.rttMs),
    maxRoundTripTime: isoDuration(metrics.rttMs * rng.float(1.5, 4)),
    averagePacketLossRate: round(metrics.loss, 4),
    maxPacketLossRate: round(clamp(metrics.loss * rng.float(2, 8), 0, 1), 4),
    postForwardErrorCorrectionPacketLossRate: round(metrics.loss * rng.float(0.1, 0.5), 4),
    averageRatioOfConcealedSamples: round(metrics.concealed, 4),
    maxRatioOfConcealedSamples: round(clamp(metrics.concealed * rng.float(2, 6), 0, 1), 4),
    averageAudioDegradation: round(metrics.degradation, 3),
    averageAudioNetworkJitter: isoDuration(metrics.jitterMs * rng.float(1, 2)),
    maxAudioNetworkJitter: isoDuration(metrics.jitterMs * rng.float(3, 8)),
    averageBandwidthEstimate: Math.round(clamp(rng.logNormal(3_500_000, 0.8), 64_000, 50_000_000)),
    packetUtilization: packets,
    isAudioForwardErrorCorrectionUsed: rng.chance(0.3),
  };
}

export function videoStream(rng: Rng, input: StreamInput): JsonObject {
  const isPoor = input.quality === 'poor';
  const frameRate = isPoor ? rng.float(2, 6.9) : clamp(rng.logNormal(24, 0.2), 7.5, 30);
  const packets =
    input.quality === 'unclassified'
      ? rng.int(0, 450)
      : Math.round(seconds(input) * 250 * rng.float(0.8, 1));
  return {
    ...common(rng, input),
    videoCodec: input.codec,
    averageVideoFrameRate: round(frameRate, 2),
    averageReceivedFrameRate: round(frameRate * rng.float(0.95, 1), 2),
    averageVideoFrameLossPercentage: round(isPoor ? rng.float(55, 80) : rng.float(0, 5), 2),
    averageVideoPacketLossRate: round(isPoor ? rng.float(0.1, 0.3) : rng.float(0, 0.01), 4),
    postForwardErrorCorrectionPacketLossRate: round(
      isPoor ? rng.float(0.16, 0.3) : rng.float(0, 0.01),
      4,
    ),
    lowFrameRateRatio: round(isPoor ? rng.float(0.3, 0.9) : rng.float(0, 0.05), 4),
    lowVideoProcessingCapabilityRatio: round(rng.float(0, isPoor ? 0.3 : 0.02), 4),
    averageFreezeDuration: isoDuration(isPoor ? rng.float(300, 2000) : rng.float(0, 80)),
    rmsFreezeDuration: isoDuration(isPoor ? rng.float(400, 2500) : rng.float(0, 100)),
    averageJitter: isoDuration(clamp(rng.logNormal(8, 0.5), 1, 60)),
    averageRoundTripTime: isoDuration(clamp(rng.logNormal(45, 0.6), 5, 600)),
    averageBandwidthEstimate: Math.round(clamp(rng.logNormal(2_500_000, 0.6), 200_000, 50_000_000)),
    packetUtilization: packets,
  };
}
