import { StreamDocumentSchema } from '@callrecords/contracts';
import {
  aCallRecord,
  aCallRecordFetched,
  aMeetingWithSessions,
  EXAMPLE_CALL_RECORD_ID,
  EXAMPLE_TENANT_ID,
} from '@callrecords/testing';

import { toStreamDocuments } from './to-stream-documents';

const ID = EXAMPLE_CALL_RECORD_ID;

describe(toStreamDocuments.name, () => {
  it('maps the reference stream with its endpoints, device, network and metrics', () => {
    const [document] = toStreamDocuments(aCallRecordFetched(aCallRecord()));

    expect(document).toMatchObject({
      tenantId: EXAMPLE_TENANT_ID,
      id: `${ID}:${ID}:${ID}:0:0`,
      callRecordId: ID,
      version: 1,
      callType: 'peerToPeer',
      sessionId: ID,
      segmentId: ID,
      streamId: '1504545584',
      streamDirection: 'callerToCallee',
      mediaLabel: 'main-audio',
      modality: 'audio',
      startDateTime: '2020-02-25T18:52:21.216Z',
      endDateTime: '2020-02-25T18:52:46.764Z',
      durationSeconds: 25.548,
      qualityRuleSet: 'cqd-2024-10',
      isClassified: true,
      isPoor: false,
      poorReasons: [],
      unclassifiedReason: null,
      audioCodec: 'opus',
      averageJitterMs: 16,
      maxJitterMs: 30,
      averageRoundTripTimeMs: 45,
      averagePacketLossRate: 0.002,
      packetUtilization: 2150,
      averageAudioDegradation: null,
    });
  });

  it('describes the caller side: identity, agent, device and network', () => {
    const [document] = toStreamDocuments(aCallRecordFetched(aCallRecord()));

    expect(document?.caller).toMatchObject({
      kind: 'participant',
      userId: '821809f5-0000-0000-0000-3b5136c0e777',
      userDisplayName: 'Abbie Wilkins',
      userPrincipalName: 'abbie.wilkins@contoso.com',
      name: 'machineName_2',
      platform: 'android',
      productFamily: 'skypeForBusiness',
      serviceRole: null,
      feedbackRating: null,
      device: {
        captureDeviceName: 'Default input device',
        renderDeviceName: 'Default output device',
        receivedSignalLevel: -10,
        micGlitchRate: null,
      },
      network: { subnet: '10.150.0.0', linkSpeed: 54000000, isRelayed: false, wifiBand: null },
    });
  });

  it('describes the callee side, with its feedback and no media data', () => {
    const [document] = toStreamDocuments(aCallRecordFetched(aCallRecord()));

    expect(document?.callee).toMatchObject({
      kind: 'participant',
      userPrincipalName: 'owen.franklin@contoso.com',
      platform: 'windows',
      feedbackRating: 'poor',
      device: { captureDeviceName: null },
      network: { subnet: null, isRelayed: false },
    });
  });

  it('gives one valid document per stream of a meeting, with unique ids', () => {
    const record = aMeetingWithSessions(5, 11);

    const documents = toStreamDocuments(aCallRecordFetched(record));

    expect(documents).toHaveLength(10);
    expect(new Set(documents.map((d) => d.id)).size).toBe(10);
    expect(documents.every((d) => StreamDocumentSchema.strict().safeParse(d).success)).toBe(true);
    expect(documents[0]?.callee).toMatchObject({
      kind: 'service',
      serviceRole: 'skypeForBusinessAudioVideoMcu',
    });
  });
});
