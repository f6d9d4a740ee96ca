import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { collectMediaStreams } from './collect-media-streams';
import type { CallRecordLike, MediaStreamEntry } from './collect-media-streams';
import { summarizeCallQuality } from './summarize-call-quality';

// The Graph reference travels with the code (libs/contracts/graph-reference/README.md).
const graphReference = resolve(__dirname, '../../contracts/graph-reference');

function readExample(name: string): CallRecordLike {
  return JSON.parse(readFileSync(join(graphReference, 'examples', name), 'utf8')) as CallRecordLike;
}

const audio = { label: 'main-audio' };
const video = { label: 'main-video' };

const goodAudio: MediaStreamEntry = {
  media: audio,
  stream: {
    packetUtilization: 1_000,
    averageJitter: 'PT0.01S',
    averageRoundTripTime: 'PT0.1S',
    averagePacketLossRate: 0.01,
  },
};
const jitteryAudio: MediaStreamEntry = {
  media: audio,
  stream: {
    packetUtilization: 1_000,
    averageJitter: 'PT0.05S',
    averageRoundTripTime: 'PT0.6S',
    averagePacketLossRate: 0.02,
  },
};
const slowVideo: MediaStreamEntry = {
  media: video,
  stream: { packetUtilization: 1_000, averageVideoFrameRate: 3 },
};
const mutedAudio: MediaStreamEntry = {
  media: audio,
  stream: { packetUtilization: 12, averageJitter: 'PT0.02S' },
};

describe(summarizeCallQuality.name, () => {
  it('counts streams, classified and poor ones, and the unclassified rest', () => {
    const summary = summarizeCallQuality([goodAudio, jitteryAudio, slowVideo, mutedAudio]);

    expect(summary).toMatchObject({
      streams: 4,
      classified: 3,
      poor: 2,
      unclassified: 1,
      isPoor: true,
    });
  });

  it('lists the union of reasons once each, in report order', () => {
    const summary = summarizeCallQuality([slowVideo, jitteryAudio, jitteryAudio]);

    expect(summary.reasons).toEqual(['roundTrip', 'jitter', 'videoFrameRate']);
  });

  it('counts per modality', () => {
    const summary = summarizeCallQuality([goodAudio, jitteryAudio, slowVideo, mutedAudio]);

    expect(summary.byModality).toEqual({
      audio: { streams: 3, classified: 2, poor: 1 },
      video: { streams: 1, classified: 1, poor: 1 },
    });
  });

  it('takes the worst and the mean of the streams that report each metric, in ms', () => {
    const summary = summarizeCallQuality([goodAudio, jitteryAudio, slowVideo, mutedAudio]);

    expect(summary.jitterMs).toEqual({ worst: 50, average: 26.666667 });
    expect(summary.roundTripMs).toEqual({ worst: 600, average: 350 });
    expect(summary.packetLossRate).toEqual({ worst: 0.02, average: 0.015 });
  });

  it('reports null metrics and a good call when there are no streams', () => {
    const summary = summarizeCallQuality([]);

    expect(summary).toEqual({
      ruleSet: 'cqd-2024-10',
      streams: 0,
      classified: 0,
      poor: 0,
      unclassified: 0,
      isPoor: false,
      reasons: [],
      byModality: {},
      jitterMs: { worst: null, average: null },
      roundTripMs: { worst: null, average: null },
      packetLossRate: { worst: null, average: null },
    });
  });

  it('classifies with the rule set it is given', () => {
    const summary = summarizeCallQuality([mutedAudio], { ruleSet: 'cqd-legacy' });

    expect(summary).toMatchObject({ ruleSet: 'cqd-legacy', classified: 1, poor: 0 });
  });

  it('passes the client side on to the VBSS rules', () => {
    const vbss: MediaStreamEntry = {
      media: { label: 'applicationsharing-video' },
      stream: { streamDirection: 'callerToCallee', videoCodec: 'h264', averageVideoFrameRate: 0.5 },
      clientSide: 'caller',
    };

    const summary = summarizeCallQuality([vbss]);

    expect(summary).toMatchObject({ classified: 1, poor: 1, reasons: ['videoFrameRate'] });
  });

  it('summarizes the expanded-sessions example: one unclassified stream with 16 ms jitter', () => {
    const entries = collectMediaStreams(readExample('get-callrecord-expanded-sessions.json'));

    const summary = summarizeCallQuality(entries);

    expect(summary).toMatchObject({
      streams: 1,
      classified: 0,
      unclassified: 1,
      isPoor: false,
      jitterMs: { worst: 16, average: 16 },
      roundTripMs: { worst: null, average: null },
    });
  });
});
