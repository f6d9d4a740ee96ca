export {
  classifyStreamQuality,
  CURRENT_QUALITY_RULE_SET,
  POOR_REASONS,
} from './classify-stream-quality';
export type {
  ClassifyStreamOptions,
  PoorReason,
  QualityRuleSetId,
  StreamQuality,
  UnclassifiedReason,
} from './classify-stream-quality';
export { collectMediaStreams } from './collect-media-streams';
export type {
  CallRecordLike,
  EndpointLike,
  MediaStreamEntry,
  SegmentLike,
  SessionLike,
} from './collect-media-streams';
export { parseIsoDurationMs } from './iso-duration';
export { directionalityOf, inferStreamModality } from './media-stream';
export type {
  ClientSide,
  MediaLike,
  MediaStreamLike,
  StreamDirectionality,
  StreamModality,
} from './media-stream';
export { summarizeCallQuality } from './summarize-call-quality';
export type {
  CallQualitySummary,
  MetricSummary,
  StreamCounts,
  SummarizeOptions,
} from './summarize-call-quality';
