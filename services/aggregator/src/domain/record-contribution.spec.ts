import { cellKey, histogramCell, sumEntries, totalCell } from './cells';
import { recordContribution } from './record-contribution';
import type { RollupCallRecord } from './record-contribution';

const CLIENT = {
  '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
  userAgent: { platform: 'windows', productFamily: 'teams' },
};
const SERVICE = { '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint' };

// Built without a type annotation: Graph's extra fields (networks, user agents) are not in the
// structural view, and a variable (unlike a literal) may carry them.
function sessionsWith(jitter: string) {
  const sessions = [
    {
      caller: CLIENT,
      callee: SERVICE,
      segments: [
        {
          media: [
            {
              label: 'main-audio',
              callerNetwork: { connectionType: 'wifi', subnet: '10.0.1.0' },
              streams: [{ averageJitter: jitter, packetUtilization: 900, audioCodec: 'opus' }],
            },
          ],
        },
      ],
    },
  ];
  return sessions;
}

function aRecord(jitter: string): RollupCallRecord {
  return {
    type: 'groupCall',
    modalities: ['audio', 'video'],
    startDateTime: '2026-11-20T10:59:30Z',
    endDateTime: '2026-11-20T11:01:00Z',
    sessions: sessionsWith(jitter),
  };
}

describe(recordContribution.name, () => {
  it('buckets by call start and counts the call under each dimension value it has', () => {
    const contribution = recordContribution(aRecord('PT0.01S'), {
      sites: new Map([['10.0.1.0', 'hq']]),
    });
    const sums = sumEntries(contribution?.entries ?? []);

    expect(contribution?.hourStart).toBe('2026-11-20T10:00:00.000Z');
    expect(contribution?.dayStart).toBe('2026-11-20T00:00:00.000Z');
    expect(sums.get(totalCell('calls'))).toMatchObject({
      calls: 1,
      durationMs: 90_000,
      classifiedCalls: 1,
      poorCalls: 0,
    });
    expect(
      [
        'modality|audio',
        'modality|video',
        'platform|windows',
        'productFamily|teams',
        'networkConnectionType|wifi',
        'subnet|10.0.1.0',
        'site|hq',
      ]
        .map((pair) => pair.split('|') as [string, string])
        .every(([dimension, value]) => sums.get(cellKey('calls', dimension, value))?.calls === 1),
    ).toBe(true);
  });

  it('counts a poor audio stream (CQD jitter above 30 ms) and bins its jitter', () => {
    const sums = sumEntries(recordContribution(aRecord('PT0.045S'))?.entries ?? []);

    expect(sums.get(cellKey('streams', 'mediaType', 'audio'))).toMatchObject({
      streams: 1,
      classifiedStreams: 1,
      poorStreams: 1,
    });
    expect(sums.get(histogramCell(totalCell('streams'), 'jitterMs', 7))?.samples).toBe(1);
    expect(sums.get(totalCell('calls'))?.poorCalls).toBe(1);
  });

  it('counts a value that several endpoints share once, and every distinct value', () => {
    const mac = { ...CLIENT, userAgent: { platform: 'macOS', productFamily: 'teams' } };
    const sessions = sessionsWith('PT0.01S').map((session) => ({
      ...session,
      segments: [
        { caller: CLIENT, callee: mac },
        { caller: mac, callee: CLIENT },
      ],
    }));

    const sums = sumEntries(recordContribution({ ...aRecord('PT0.01S'), sessions })?.entries ?? []);

    expect(sums.get(cellKey('calls', 'productFamily', 'teams'))?.calls).toBe(1);
    expect(sums.get(cellKey('calls', 'platform', 'windows'))?.calls).toBe(1);
    expect(sums.get(cellKey('calls', 'platform', 'macOS'))?.calls).toBe(1);
    expect(sums.get(totalCell('calls'))?.calls).toBe(1);
  });

  it('has no contribution without a start time', () => {
    expect(recordContribution({ ...aRecord('PT0.01S'), startDateTime: null })).toBeUndefined();
  });
});
