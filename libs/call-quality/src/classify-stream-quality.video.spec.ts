import { describe, expect, it } from '@jest/globals';

import { classifyStreamQuality } from './classify-stream-quality';
import type { ClassifyStreamOptions, PoorReason } from './classify-stream-quality';
import type { MediaStreamLike } from './media-stream';

// Video and video-based screen sharing; audio and the rest are in classify-stream-quality.spec.ts.
const VIDEO = { label: 'main-video' };
const VBSS = { label: 'applicationsharing-video' };
const LEGACY: ClassifyStreamOptions = { ruleSet: 'cqd-legacy' };

type Row = readonly [string, MediaStreamLike, readonly PoorReason[]];

describe(classifyStreamQuality.name, () => {
  describe('video', () => {
    const busy = { packetUtilization: 501 };

    it.each<Row>([
      ['frame loss just below 50 %', { averageVideoFrameLossPercentage: 49.9 }, []],
      ['frame loss at 50 %', { averageVideoFrameLossPercentage: 50 }, []],
      ['frame loss just above 50 %', { averageVideoFrameLossPercentage: 50.1 }, ['videoFrameLoss']],
      [
        'good frame loss deciding before a bad frame rate',
        { averageVideoFrameLossPercentage: 10, averageVideoFrameRate: 1 },
        [],
      ],
      ['frame rate just above 7', { averageVideoFrameRate: 7.1 }, []],
      ['frame rate at 7', { averageVideoFrameRate: 7 }, []],
      ['frame rate just below 7', { averageVideoFrameRate: 6.9 }, ['videoFrameRate']],
      [
        'received frame rate when no frame rate',
        { averageReceivedFrameRate: 6.9 },
        ['videoFrameRate'],
      ],
      [
        'frame rate before received frame rate',
        { averageVideoFrameRate: 15, averageReceivedFrameRate: 2 },
        [],
      ],
      [
        'good frame rate deciding before bad post-FEC loss',
        { averageVideoFrameRate: 15, postForwardErrorCorrectionPacketLossRate: 0.9 },
        [],
      ],
      ['post-FEC loss just below 0.15', { postForwardErrorCorrectionPacketLossRate: 0.149 }, []],
      ['post-FEC loss at 0.15', { postForwardErrorCorrectionPacketLossRate: 0.15 }, []],
      [
        'post-FEC loss just above 0.15',
        { postForwardErrorCorrectionPacketLossRate: 0.151 },
        ['videoPostFecPacketLoss'],
      ],
    ])('%s → %j', (_name, overrides, reasons) => {
      const quality = classifyStreamQuality({ ...busy, ...overrides }, VIDEO);

      expect(quality).toMatchObject({ classified: true, poor: reasons.length > 0, reasons });
    });

    it.each([
      [
        'packet utilization at 500',
        { packetUtilization: 500, averageVideoFrameRate: 1 },
        'lowPacketUtilization',
      ],
      ['no packet utilization', { averageVideoFrameRate: 1 }, 'missingPacketUtilization'],
      [
        'none of the three metrics',
        { packetUtilization: 900, averageJitter: 'PT1S' },
        'missingMetrics',
      ],
    ])('leaves a stream with %s unclassified', (_name, stream, unclassifiedReason) => {
      const quality = classifyStreamQuality(stream, VIDEO);

      expect(quality).toMatchObject({ classified: false, unclassifiedReason });
    });

    it('applies the same rule in the legacy set, which defines none for video', () => {
      const quality = classifyStreamQuality({ ...busy, averageVideoFrameRate: 6.9 }, VIDEO, LEGACY);

      expect(quality).toMatchObject({ classified: true, reasons: ['videoFrameRate'] });
    });
  });

  describe('video-based screen sharing', () => {
    const h264 = { streamDirection: 'callerToCallee', videoCodec: 'h264' };
    const h264s = { streamDirection: 'callerToCallee', videoCodec: 'h264s' };
    // callerToCallee seen from the callee is inbound, from the caller outbound.
    const inbound: ClassifyStreamOptions = { clientSide: 'callee' };
    const outbound: ClassifyStreamOptions = { clientSide: 'caller' };
    const peerToPeer: ClassifyStreamOptions = { clientSide: 'both' };

    interface VbssRow {
      readonly name: string;
      readonly stream: MediaStreamLike;
      readonly options: ClassifyStreamOptions;
      readonly reasons: readonly PoorReason[];
    }

    it.each<VbssRow>([
      {
        name: 'H264S frame rate just below 1',
        stream: { ...h264s, averageVideoFrameRate: 0.9 },
        options: {},
        reasons: ['videoFrameRate'],
      },
      {
        name: 'H264S frame rate at 1',
        stream: { ...h264s, averageVideoFrameRate: 1 },
        options: {},
        reasons: [],
      },
      {
        name: 'H264S frame rate just above 1',
        stream: { ...h264s, averageVideoFrameRate: 1.1 },
        options: {},
        reasons: [],
      },
      {
        name: 'H264S inbound, ignoring frame loss',
        stream: { ...h264s, averageVideoFrameLossPercentage: 90, averageVideoFrameRate: 5 },
        options: inbound,
        reasons: [],
      },
      {
        name: 'legacy H264S frame rate just below 2',
        stream: { ...h264s, averageVideoFrameRate: 1.9 },
        options: LEGACY,
        reasons: ['videoFrameRate'],
      },
      {
        name: 'legacy H264S frame rate at 2',
        stream: { ...h264s, averageVideoFrameRate: 2 },
        options: LEGACY,
        reasons: [],
      },
      {
        name: 'inbound frame loss at 50 %',
        stream: { ...h264, averageVideoFrameLossPercentage: 50 },
        options: inbound,
        reasons: [],
      },
      {
        name: 'inbound frame loss just above 50 %',
        stream: { ...h264, averageVideoFrameLossPercentage: 50.1 },
        options: inbound,
        reasons: ['videoFrameLoss'],
      },
      {
        name: 'outbound frame rate just below 1',
        stream: { ...h264, averageVideoFrameRate: 0.9 },
        options: outbound,
        reasons: ['videoFrameRate'],
      },
      {
        name: 'outbound, ignoring frame loss',
        stream: { ...h264, averageVideoFrameLossPercentage: 90, averageVideoFrameRate: 5 },
        options: outbound,
        reasons: [],
      },
      {
        name: 'peer-to-peer, frame loss first',
        stream: { ...h264, averageVideoFrameLossPercentage: 60, averageVideoFrameRate: 5 },
        options: peerToPeer,
        reasons: ['videoFrameLoss'],
      },
      {
        name: 'peer-to-peer, frame rate when no frame loss',
        stream: { ...h264, averageVideoFrameRate: 0.5 },
        options: peerToPeer,
        reasons: ['videoFrameRate'],
      },
      {
        name: 'no packet-utilization gate',
        stream: { ...h264s, packetUtilization: 0, averageVideoFrameRate: 10 },
        options: {},
        reasons: [],
      },
    ])('$name → $reasons', ({ stream, options, reasons }) => {
      const quality = classifyStreamQuality(stream, VBSS, options);

      expect(quality).toMatchObject({
        classified: true,
        poor: reasons.length > 0,
        reasons,
        modality: 'videoBasedScreenSharing',
      });
    });

    it.each<Omit<VbssRow, 'reasons'> & { readonly unclassifiedReason: string }>([
      {
        name: 'an inbound stream without frame loss',
        stream: { ...h264, averageVideoFrameRate: 0.5 },
        options: inbound,
        unclassifiedReason: 'missingMetrics',
      },
      {
        name: 'an H264S stream without frame rate',
        stream: h264s,
        options: {},
        unclassifiedReason: 'missingMetrics',
      },
      {
        name: 'a non-H264S stream whose client side is unknown',
        stream: { ...h264, averageVideoFrameRate: 0.5 },
        options: {},
        unclassifiedReason: 'unknownDirection',
      },
    ])('leaves $name unclassified', ({ stream, options, unclassifiedReason }) => {
      const quality = classifyStreamQuality(stream, VBSS, options);

      expect(quality).toMatchObject({ classified: false, unclassifiedReason });
    });
  });
});
