import { CallRecordDocumentSchema } from '@callrecords/contracts';
import {
  aCallRecord,
  aCallRecordFetched,
  aMediaStream,
  aMeetingWithSessions,
  aSegment,
  aSession,
  EXAMPLE_CALL_RECORD_ID,
  EXAMPLE_TENANT_ID,
} from '@callrecords/testing';

import { toCallRecordDocument } from './to-call-record-document';

const ABBIE = '821809f5-0000-0000-0000-3b5136c0e777';
const OWEN = 'f69e2c00-0000-0000-0000-185e5f5f5d8a';

describe(toCallRecordDocument.name, () => {
  it('maps the reference peer-to-peer record field by field', () => {
    const event = aCallRecordFetched(aCallRecord());

    const document = toCallRecordDocument(event);

    expect(document).toEqual({
      tenantId: EXAMPLE_TENANT_ID,
      id: EXAMPLE_CALL_RECORD_ID,
      version: 1,
      lastModifiedDateTime: '2020-02-25T19:00:24.582Z',
      type: 'peerToPeer',
      modalities: ['audio'],
      startDateTime: '2020-02-25T18:52:21.216Z',
      endDateTime: '2020-02-25T18:52:46.764Z',
      durationSeconds: 25.548,
      joinWebUrl: null,
      organizer: {
        id: ABBIE,
        displayName: 'Abbie Wilkins',
        userPrincipalName: 'abbie.wilkins@contoso.com',
        phone: null,
      },
      participantIds: [ABBIE, OWEN],
      participantNames: ['Abbie Wilkins', 'Owen Franklin'],
      participantUserPrincipalNames: ['abbie.wilkins@contoso.com', 'owen.franklin@contoso.com'],
      participantPhoneNumbers: [],
      participantCount: 2,
      sessionCount: 1,
      segmentCount: 1,
      streamCount: 1,
      qualityRuleSet: 'cqd-2024-10',
      isPoor: false,
      poorReasons: [],
      classifiedStreamCount: 1,
      poorStreamCount: 0,
      worstJitterMs: 16,
      averageJitterMs: 16,
      worstRoundTripMs: 45,
      averageRoundTripMs: 45,
      worstPacketLossRate: 0.002,
      averagePacketLossRate: 0.002,
      worstConcealedSamplesRatio: null,
      averageConcealedSamplesRatio: null,
      worstAudioDegradation: null,
      averageAudioDegradation: null,
      platforms: ['android', 'windows'],
      productFamilies: ['skypeForBusiness'],
      networkConnectionTypes: [],
      hasFailure: false,
      failureStages: [],
      feedbackRatings: ['poor'],
      isTest: false,
      raw: event.payload.callRecord,
    });
  });

  it('produces a document the index contract accepts, with no undeclared field', () => {
    const document = toCallRecordDocument(aCallRecordFetched(aMeetingWithSessions(6, 3)));

    const parsed = CallRecordDocumentSchema.strict().safeParse(document);

    expect(parsed.success).toBe(true);
  });

  it.each([
    ['jitter', { averageJitter: 'PT0.031S' }],
    ['roundTrip', { averageRoundTripTime: 'PT0.501S' }],
    ['packetLoss', { averagePacketLossRate: 0.11 }],
  ] as const)('flags the call poor with reason %s past the CQD threshold', (reason, metric) => {
    const stream = aMediaStream(metric);
    const segment = aSegment({ media: [{ label: 'main-audio', streams: [stream] }] });
    const record = aCallRecord({ sessions: [aSession({ segments: [segment] })] });

    const document = toCallRecordDocument(aCallRecordFetched(record));

    expect([document.isPoor, document.poorReasons, document.poorStreamCount]).toEqual([
      true,
      [reason],
      1,
    ]);
  });

  it('takes worst and average over the streams of a meeting', () => {
    const stream = (ms: number) => aMediaStream({ averageJitter: `PT0.0${ms}S` });
    const segment = aSegment({
      media: [{ label: 'main-audio', streams: [stream(10), stream(20), stream(60)] }],
    });
    const record = aCallRecord({ sessions: [aSession({ segments: [segment] })] });

    const document = toCallRecordDocument(aCallRecordFetched(record));

    expect([document.worstJitterMs, document.averageJitterMs, document.streamCount]).toEqual([
      60, 30, 3,
    ]);
  });

  it('lists participants_v2, phone identities and failures of a group call', () => {
    const record = aMeetingWithSessions(4, 7);
    const phone = { id: 'p-1', identity: { phone: { id: '+15550100' } } };
    const session = aSession({ failureInfo: { stage: 'midcall', reason: 'dropped' } });
    const withExtras = {
      ...record,
      participants_v2: [...(record.participants_v2 ?? []), phone],
      sessions: [...(record.sessions ?? []), session],
    };

    const document = toCallRecordDocument(aCallRecordFetched(withExtras));

    expect(document.participantPhoneNumbers).toEqual(['+15550100']);
    expect(document.participantUserPrincipalNames).toContain('participant1@contoso.com');
    expect([document.hasFailure, document.failureStages]).toEqual([true, ['midcall']]);
  });
});
