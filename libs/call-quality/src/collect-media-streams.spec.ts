import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { collectMediaStreams } from './collect-media-streams';
import type { CallRecordLike, EndpointLike } from './collect-media-streams';

// The Graph reference travels with the code (libs/contracts/graph-reference/README.md).
const graphReference = resolve(__dirname, '../../contracts/graph-reference');

function readExample(name: string): CallRecordLike {
  return JSON.parse(readFileSync(join(graphReference, 'examples', name), 'utf8')) as CallRecordLike;
}

const participant: EndpointLike = {
  '@odata.type': '#microsoft.graph.callRecords.participantEndpoint',
};
const service: EndpointLike = { '@odata.type': '#microsoft.graph.callRecords.serviceEndpoint' };

function recordWith(caller: EndpointLike | null, callee: EndpointLike | null): CallRecordLike {
  return {
    sessions: [
      {
        id: 's1',
        segments: [
          {
            id: 'g1',
            caller,
            callee,
            media: [{ label: 'main-audio', streams: [{ streamId: 'a' }, { streamId: 'b' }] }],
          },
        ],
      },
    ],
  };
}

describe(collectMediaStreams.name, () => {
  it('finds the stream of the expanded-sessions example with both ends as clients', () => {
    const record = readExample('get-callrecord-expanded-sessions.json');

    const entries = collectMediaStreams(record);

    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      stream: {
        streamId: '1504545584',
        streamDirection: 'callerToCallee',
        averageJitter: 'PT0.016S',
      },
      media: { label: 'main-audio' },
      clientSide: 'both',
      sessionId: 'e523d2ed-2966-4b6b-925b-754a88034cc5',
      segmentId: 'e523d2ed-2966-4b6b-925b-754a88034cc5',
    });
  });

  it.each([
    ['caller', participant, service],
    ['callee', service, participant],
    ['both', participant, participant],
  ])('marks the client side as %s', (clientSide, caller, callee) => {
    const entries = collectMediaStreams(recordWith(caller, callee));

    expect(entries.map((entry) => entry.clientSide)).toEqual([clientSide, clientSide]);
  });

  it('compares the endpoint type case-insensitively', () => {
    const entries = collectMediaStreams(
      recordWith({ '@odata.type': '#Microsoft.Graph.CallRecords.ParticipantEndpoint' }, service),
    );

    expect(entries[0]?.clientSide).toBe('caller');
  });

  it('leaves the client side out when neither end is a participant', () => {
    const entries = collectMediaStreams(recordWith(service, null));

    expect(entries[0]).not.toHaveProperty('clientSide');
  });

  it.each<readonly [string, CallRecordLike]>([
    ['no sessions', {}],
    ['null sessions', { sessions: null }],
    ['a session without segments', { sessions: [{ id: 's' }] }],
    ['a segment without media', { sessions: [{ segments: [{ media: null }] }] }],
    ['media without streams', { sessions: [{ segments: [{ media: [{ label: 'data' }] }] }] }],
  ])('returns nothing for %s', (_name, record) => {
    const entries = collectMediaStreams(record);

    expect(entries).toEqual([]);
  });
});
