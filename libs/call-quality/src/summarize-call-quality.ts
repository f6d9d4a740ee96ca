import {
  classifyStreamQuality,
  CURRENT_QUALITY_RULE_SET,
  POOR_REASONS,
} from './classify-stream-quality';
import type { PoorReason, QualityRuleSetId, StreamQuality } from './classify-stream-quality';
import type { MediaStreamEntry } from './collect-media-streams';
import { parseIsoDurationMs } from './iso-duration';
import { finite } from './media-stream';
import type { MediaStreamLike, StreamModality } from './media-stream';

/** The worst stream's average and the mean of the streams' averages; null when no stream has it. */
export interface MetricSummary {
  readonly worst: number | null;
  readonly average: number | null;
}

export interface StreamCounts {
  readonly streams: number;
  readonly classified: number;
  readonly poor: number;
}

/** Per-call quality for the indexer's call document (and the aggregator's poor-stream rates). */
export interface CallQualitySummary extends StreamCounts {
  readonly ruleSet: QualityRuleSetId;
  readonly unclassified: number;
  /** True when at least one classified stream is poor. */
  readonly isPoor: boolean;
  readonly reasons: readonly PoorReason[];
  readonly byModality: Partial<Record<StreamModality, StreamCounts>>;
  readonly jitterMs: MetricSummary;
  readonly roundTripMs: MetricSummary;
  readonly packetLossRate: MetricSummary;
}

export interface SummarizeOptions {
  readonly ruleSet?: QualityRuleSetId;
}

/** Classifies every stream and folds the results and the network averages into one summary. */
export function summarizeCallQuality(
  entries: readonly MediaStreamEntry[],
  options: SummarizeOptions = {},
): CallQualitySummary {
  const ruleSet = options.ruleSet ?? CURRENT_QUALITY_RULE_SET;
  const qualities = entries.map((entry) =>
    classifyStreamQuality(entry.stream, entry.media, {
      ruleSet,
      ...(entry.clientSide ? { clientSide: entry.clientSide } : {}),
    }),
  );
  const counts = countStreams(qualities);
  const streams = entries.map((entry) => entry.stream);
  return {
    ruleSet,
    ...counts,
    unclassified: counts.streams - counts.classified,
    isPoor: counts.poor > 0,
    reasons: unionOfReasons(qualities),
    byModality: countByModality(qualities),
    jitterMs: summarizeMetric(streams, (s) => parseIsoDurationMs(s.averageJitter)),
    roundTripMs: summarizeMetric(streams, (s) => parseIsoDurationMs(s.averageRoundTripTime)),
    packetLossRate: summarizeMetric(streams, (s) => finite(s.averagePacketLossRate)),
  };
}

function countStreams(qualities: readonly StreamQuality[]): StreamCounts {
  return {
    streams: qualities.length,
    classified: qualities.filter((quality) => quality.classified).length,
    poor: qualities.filter((quality) => quality.poor).length,
  };
}

function countByModality(
  qualities: readonly StreamQuality[],
): Partial<Record<StreamModality, StreamCounts>> {
  const modalities = [...new Set(qualities.map((quality) => quality.modality))];
  return Object.fromEntries(
    modalities.map((modality) => [
      modality,
      countStreams(qualities.filter((quality) => quality.modality === modality)),
    ]),
  );
}

function unionOfReasons(qualities: readonly StreamQuality[]): PoorReason[] {
  const seen = new Set(qualities.flatMap((quality) => quality.reasons));
  return POOR_REASONS.filter((reason) => seen.has(reason));
}

// Unweighted over the streams that report the metric: Graph gives no per-stream duration to weigh by
// that is always present, and the worst value is what CQD's per-stream rules look at anyway.
function summarizeMetric(
  streams: readonly MediaStreamLike[],
  readValue: (stream: MediaStreamLike) => number | undefined,
): MetricSummary {
  const values = streams.map(readValue).filter((value): value is number => value !== undefined);
  if (values.length === 0) {
    return { worst: null, average: null };
  }
  const sum = values.reduce((total, value) => total + value, 0);
  return { worst: Math.max(...values), average: round(sum / values.length) };
}

// Averages of decimal inputs pick up binary noise; six decimals are below any metric's precision.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
