import { z } from 'zod';

import { field, propertiesOf, shapeOf } from './index-fields';

/** A person or bot on a call, as the call document lists them. */
const PARTY_FIELDS = {
  id: field.keyword(),
  displayName: field.text(),
  userPrincipalName: field.keyword(),
  phone: field.keyword(),
};

/**
 * The worst (highest stream average) and average (unweighted mean over the streams that report it)
 * of a stream metric; null when no stream reports it (@callrecords/call-quality summarizeCallQuality).
 */
const QUALITY_FIGURES = {
  worstJitterMs: field.double(),
  averageJitterMs: field.double(),
  worstRoundTripMs: field.double(),
  averageRoundTripMs: field.double(),
  worstPacketLossRate: field.double(),
  averagePacketLossRate: field.double(),
  worstConcealedSamplesRatio: field.double(),
  averageConcealedSamplesRatio: field.double(),
  worstAudioDegradation: field.double(),
  averageAudioDegradation: field.double(),
};

/** The fields of a `callrecords-records` document: one per call record, at its highest version. */
export const CALL_RECORD_FIELDS = {
  /** Entra tenant of the record; every query is scoped by it. */
  tenantId: field.id(),
  /** Graph's callRecord id. The OpenSearch `_id` is `<tenantId>:<id>`. */
  id: field.id(),
  /** Graph's `version`; also the external version of the document (a lower one never overwrites). */
  version: field.requiredLong(),
  lastModifiedDateTime: field.requiredDate(),
  /** `groupCall` | `peerToPeer` | `unknown` | a future member. */
  type: field.id(),
  modalities: field.keywords(),
  startDateTime: field.requiredDate(),
  endDateTime: field.requiredDate(),
  /** endDateTime − startDateTime, in seconds (ms precision). */
  durationSeconds: field.double(),
  joinWebUrl: field.keyword(),
  organizer: field.object(PARTY_FIELDS),
  /** Entra object ids (users, bots) and phone numbers of everyone on the call, deduplicated. */
  participantIds: field.keywords(),
  participantNames: field.texts(),
  participantUserPrincipalNames: field.keywords(),
  participantPhoneNumbers: field.keywords(),
  participantCount: field.count(),
  sessionCount: field.count(),
  segmentCount: field.count(),
  streamCount: field.count(),
  /** CQD rule set that classified the streams (`cqd-2024-10`). */
  qualityRuleSet: field.id(),
  /** True when at least one classified stream is poor by the CQD thresholds. */
  isPoor: field.flag(),
  /** Union of the poor streams' reasons (`jitter`, `packetLoss`, `roundTrip`, …). */
  poorReasons: field.keywords(),
  classifiedStreamCount: field.count(),
  poorStreamCount: field.count(),
  ...QUALITY_FIGURES,
  /** Client platforms and product families of the participant endpoints (`windows`, `teams`, …). */
  platforms: field.keywords(),
  productFamilies: field.keywords(),
  /** Connection types of the media networks (`wired`, `wifi`, `mobile`, …). */
  networkConnectionTypes: field.keywords(),
  /** True when a session or segment carries failureInfo. */
  hasFailure: field.flag(),
  failureStages: field.keywords(),
  /** Ratings participants gave (`poor`, `good`, …). */
  feedbackRatings: field.keywords(),
  isTest: field.flag(),
  /** The callRecord exactly as Graph returned it (sessions and participants merged); not indexed. */
  raw: field.raw(),
  persons: field.persons(),
  personValues: field.personValues(),
};

export const CallRecordDocumentSchema = z.object(shapeOf(CALL_RECORD_FIELDS));
export type CallRecordDocument = z.infer<typeof CallRecordDocumentSchema>;
export const CALL_RECORD_PROPERTIES = propertiesOf(CALL_RECORD_FIELDS);
