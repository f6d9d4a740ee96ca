import { collectMediaStreams, summarizeCallQuality } from '@callrecords/call-quality';
import type { MediaStreamLike, MetricSummary } from '@callrecords/call-quality';
import type { CallRecord, CallRecordDocument, CallRecordFetchedV1 } from '@callrecords/contracts';

import { asLoose, distinct, readNumber, readString, secondsBetween, toIsoMs } from './graph-values';
import { organizerOf, participantsOf } from './parties';
import type { Party } from './parties';

/** The `callrecords-records` document of a fetched call record (pure; same event, same document). */
export function toCallRecordDocument(event: CallRecordFetchedV1): CallRecordDocument {
  const record = event.payload.callRecord;
  const startDateTime = toIsoMs(record.startDateTime) ?? '';
  const endDateTime = toIsoMs(record.endDateTime) ?? startDateTime;
  const participants = participantsOf(record);
  return {
    tenantId: event.tenantId,
    id: record.id,
    version: record.version,
    lastModifiedDateTime: toIsoMs(record.lastModifiedDateTime) ?? '',
    type: record.type ?? 'unknown',
    modalities: distinct(record.modalities ?? []),
    startDateTime,
    endDateTime,
    durationSeconds: secondsBetween(startDateTime, endDateTime),
    joinWebUrl: record.joinWebUrl ?? null,
    organizer: organizerDocument(organizerOf(record), participants),
    ...participantFields(participants),
    ...countFields(record),
    ...qualityFields(record),
    ...endpointFields(record),
    raw: record,
  };
}

function organizerDocument(
  organizer: Party | null,
  participants: readonly Party[],
): CallRecordDocument['organizer'] {
  // The organizer entry rarely carries a UPN; the same person's endpoint usually does.
  const known = participants.find(
    (p) => organizer?.id !== null && organizer?.id !== undefined && p.id === organizer.id,
  );
  return {
    id: organizer?.id ?? null,
    displayName: organizer?.displayName ?? known?.displayName ?? null,
    userPrincipalName: organizer?.userPrincipalName ?? known?.userPrincipalName ?? null,
    phone: organizer?.phone ?? null,
  };
}

function participantFields(participants: readonly Party[]) {
  return {
    participantIds: distinct(participants.map((p) => p.id)),
    participantNames: distinct(participants.map((p) => p.displayName)),
    participantUserPrincipalNames: distinct(participants.map((p) => p.userPrincipalName)),
    participantPhoneNumbers: distinct(participants.map((p) => p.phone)),
    participantCount: participants.length,
  };
}

function countFields(record: CallRecord) {
  const sessions = record.sessions ?? [];
  const segments = sessions.flatMap((session) => session.segments ?? []);
  const failures = [...sessions, ...segments].map((entity) => asLoose(entity.failureInfo));
  return {
    sessionCount: sessions.length,
    segmentCount: segments.length,
    hasFailure: failures.some((failure) => failure !== undefined),
    failureStages: distinct(failures.map((failure) => readString(failure, 'stage'))),
    isTest: sessions.some((session) => session.isTest === true),
  };
}

function qualityFields(record: CallRecord) {
  const entries = collectMediaStreams(record);
  const summary = summarizeCallQuality(entries);
  const streams = entries.map((entry) => entry.stream);
  const concealed = summarize(streams, (s) => readNumber(s, 'averageRatioOfConcealedSamples'));
  const degradation = summarize(streams, (s) => readNumber(s, 'averageAudioDegradation'));
  return {
    streamCount: summary.streams,
    qualityRuleSet: summary.ruleSet,
    isPoor: summary.isPoor,
    poorReasons: [...summary.reasons],
    classifiedStreamCount: summary.classified,
    poorStreamCount: summary.poor,
    worstJitterMs: summary.jitterMs.worst,
    averageJitterMs: summary.jitterMs.average,
    worstRoundTripMs: summary.roundTripMs.worst,
    averageRoundTripMs: summary.roundTripMs.average,
    worstPacketLossRate: summary.packetLossRate.worst,
    averagePacketLossRate: summary.packetLossRate.average,
    worstConcealedSamplesRatio: concealed.worst,
    averageConcealedSamplesRatio: concealed.average,
    worstAudioDegradation: degradation.worst,
    averageAudioDegradation: degradation.average,
  };
}

// Same folding as summarizeCallQuality's network figures: worst = highest, average = unweighted mean.
function summarize(
  streams: readonly MediaStreamLike[],
  read: (stream: MediaStreamLike) => number | null,
): MetricSummary {
  const values = streams.map(read).filter((value): value is number => value !== null);
  if (values.length === 0) {
    return { worst: null, average: null };
  }
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return { worst: Math.max(...values), average: Math.round(mean * 1e6) / 1e6 };
}

function endpointFields(record: CallRecord) {
  const sessions = record.sessions ?? [];
  const segments = sessions.flatMap((session) => session.segments ?? []);
  const endpoints = [...sessions, ...segments].flatMap((entity) => [entity.caller, entity.callee]);
  const agents = endpoints.map((endpoint) => asLoose(endpoint)?.['userAgent']);
  const media = segments.flatMap((segment) => segment.media ?? []);
  const networks = media.flatMap((m) => [m.callerNetwork, m.calleeNetwork]);
  return {
    platforms: distinct(agents.map((agent) => readString(agent, 'platform'))),
    productFamilies: distinct(agents.map((agent) => readString(agent, 'productFamily'))),
    networkConnectionTypes: distinct(
      networks.map((network) => readString(network, 'connectionType')),
    ),
    feedbackRatings: distinct(
      endpoints.map((endpoint) => readString(asLoose(endpoint)?.['feedback'], 'rating')),
    ),
  };
}
