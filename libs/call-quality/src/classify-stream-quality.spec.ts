import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { classifyStreamQuality } from './classify-stream-quality';
import type { ClassifyStreamOptions, PoorReason } from './classify-stream-quality';
import { collectMediaStreams } from './collect-media-streams';
import type { CallRecordLike } from './collect-media-streams';
import type { MediaStreamLike } from './media-stream';

// The Graph reference travels with the code (libs/contracts/graph-reference/README.md).
const graphReference = resolve(__dirname, '../../contracts/graph-reference');

function readExample(name: string): CallRecordLike {
  return JSON.parse(readFileSync(join(graphReference, 'examples', name), 'utf8')) as CallRecordLike;
}

const AUDIO = { label: 'main-audio' };
const LEGACY: ClassifyStreamOptions = { ruleSet: 'cqd-legacy' };

// Busy enough to pass the packet-utilization gate, every metric fine.
const goodAudio: MediaStreamLike = {
  streamDirection: 'callerToCallee',
  packetUtilization: 501,
  averageRoundTripTime: 'PT0.1S',
  averagePacketLossRate: 0.01,
  averageJitter: 'PT0.01S',
};

type Row = readonly [string, MediaStreamLike, readonly PoorReason[]];

describe(classifyStreamQuality.name, () => {
  describe('audio, current rules (2024-10)', () => {
    it.each<Row>([
      ['round trip just below 500 ms', { averageRoundTripTime: 'PT0.499S' }, []],
      ['round trip at 500 ms', { averageRoundTripTime: 'PT0.5S' }, []],
      ['round trip just above 500 ms', { averageRoundTripTime: 'PT0.501S' }, ['roundTrip']],
      ['packet loss just below 0.1', { averagePacketLossRate: 0.099 }, []],
      ['packet loss at 0.1', { averagePacketLossRate: 0.1 }, []],
      ['packet loss just above 0.1', { averagePacketLossRate: 0.101 }, ['packetLoss']],
      ['jitter just below 30 ms', { averageJitter: 'PT0.029S' }, []],
      ['jitter at 30 ms', { averageJitter: 'PT0.03S' }, []],
      ['jitter just above 30 ms', { averageJitter: 'PT0.031S' }, ['jitter']],
      [
        'every threshold crossed',
        { averageRoundTripTime: 'PT1S', averagePacketLossRate: 0.5, averageJitter: 'PT0.1S' },
        ['roundTrip', 'packetLoss', 'jitter'],
      ],
      [
        'legacy-only metrics bad',
        { averageAudioDegradation: 3, averageRatioOfConcealedSamples: 0.5 },
        [],
      ],
    ])('%s → %j', (_name, overrides, reasons) => {
      const quality = classifyStreamQuality({ ...goodAudio, ...overrides }, AUDIO);

      expect(quality).toEqual({
        classified: true,
        poor: reasons.length > 0,
        reasons,
        modality: 'audio',
        ruleSet: 'cqd-2024-10',
      });
    });

    it.each([
      [
        'packet utilization at 500',
        { ...goodAudio, packetUtilization: 500 },
        'lowPacketUtilization',
      ],
      [
        'packet utilization 0 (muted)',
        { ...goodAudio, packetUtilization: 0 },
        'lowPacketUtilization',
      ],
      [
        'no packet utilization',
        { ...goodAudio, packetUtilization: null },
        'missingPacketUtilization',
      ],
      [
        'packet utilization NaN',
        { ...goodAudio, packetUtilization: NaN },
        'missingPacketUtilization',
      ],
      ['no metric at all', { packetUtilization: 900 }, 'missingMetrics'],
      [
        'unparseable durations only',
        { packetUtilization: 900, averageJitter: '30ms' },
        'missingMetrics',
      ],
    ])('leaves a stream with %s unclassified', (_name, stream, unclassifiedReason) => {
      const quality = classifyStreamQuality(stream, AUDIO);

      expect(quality).toMatchObject({
        classified: false,
        poor: false,
        reasons: [],
        unclassifiedReason,
      });
    });

    it('classifies on the metrics present when some are missing', () => {
      const quality = classifyStreamQuality(
        { packetUtilization: 501, averageJitter: 'PT0.05S' },
        AUDIO,
      );

      expect(quality).toMatchObject({ classified: true, poor: true, reasons: ['jitter'] });
    });
  });

  describe('audio, legacy rules', () => {
    it.each<Row>([
      ['degradation just below 1.0', { averageAudioDegradation: 0.99 }, []],
      ['degradation at 1.0', { averageAudioDegradation: 1.0 }, []],
      ['degradation just above 1.0', { averageAudioDegradation: 1.01 }, ['degradation']],
      ['concealed ratio just below 0.07', { averageRatioOfConcealedSamples: 0.069 }, []],
      ['concealed ratio at 0.07', { averageRatioOfConcealedSamples: 0.07 }, []],
      [
        'concealed ratio just above 0.07',
        { averageRatioOfConcealedSamples: 0.071 },
        ['concealedSamples'],
      ],
      ['round trip just above 500 ms', { averageRoundTripTime: 'PT0.501S' }, ['roundTrip']],
      ['packet loss just above 0.1', { averagePacketLossRate: 0.101 }, ['packetLoss']],
      ['jitter at 30 ms', { averageJitter: 'PT0.03S' }, []],
      ['jitter just above 30 ms', { averageJitter: 'PT0.031S' }, ['jitter']],
      ['low packet utilization (no gate)', { packetUtilization: 3 }, []],
      ['no packet utilization (no gate)', { packetUtilization: null }, []],
    ])('%s → %j', (_name, overrides, reasons) => {
      const quality = classifyStreamQuality({ ...goodAudio, ...overrides }, AUDIO, LEGACY);

      expect(quality).toEqual({
        classified: true,
        poor: reasons.length > 0,
        reasons,
        modality: 'audio',
        ruleSet: 'cqd-legacy',
      });
    });

    it('leaves a stream without any legacy metric unclassified', () => {
      const quality = classifyStreamQuality({ packetUtilization: 900 }, AUDIO, LEGACY);

      expect(quality).toMatchObject({ classified: false, unclassifiedReason: 'missingMetrics' });
    });
  });

  it.each([
    [
      'application sharing (no Graph metrics)',
      { label: 'applicationsharing' },
      'unsupportedModality',
    ],
    ['data', { label: 'data' }, 'unsupportedModality'],
    ['an unknown label without codecs', { label: 'something-else' }, 'unknownModality'],
  ])('leaves %s unclassified', (_name, media, unclassifiedReason) => {
    const quality = classifyStreamQuality({ ...goodAudio, packetUtilization: 9_999 }, media);

    expect(quality).toMatchObject({ classified: false, poor: false, unclassifiedReason });
  });

  it('uses the modality given in the options over the label', () => {
    const quality = classifyStreamQuality({ ...goodAudio, averageVideoFrameRate: 3 }, AUDIO, {
      modality: 'video',
    });

    expect(quality).toMatchObject({ modality: 'video', reasons: ['videoFrameRate'] });
  });

  describe('Graph example get-callrecord-expanded-sessions.json', () => {
    const [entry] = collectMediaStreams(readExample('get-callrecord-expanded-sessions.json'));

    it('leaves its audio stream unclassified under current rules (no packetUtilization)', () => {
      const quality = classifyStreamQuality(entry!.stream, entry!.media);

      expect(quality).toEqual({
        classified: false,
        poor: false,
        reasons: [],
        modality: 'audio',
        ruleSet: 'cqd-2024-10',
        unclassifiedReason: 'missingPacketUtilization',
      });
    });

    it('classifies its audio stream as good under legacy rules (16 ms jitter)', () => {
      const quality = classifyStreamQuality(entry!.stream, entry!.media, LEGACY);

      expect(quality).toMatchObject({ classified: true, poor: false, reasons: [] });
    });
  });
});
