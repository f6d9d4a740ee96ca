import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import {
  CallRecordFetchedV1Definition,
  CallRecordStrictSchema,
  ChangeNotificationStrictSchema,
  decodeEvent,
  DirectRoutingLogRowStrictSchema,
  encodeEvent,
  measureEncodedSize,
  NotificationReceivedV1Definition,
  PstnCallLogRowStrictSchema,
  TOPICS,
} from '@callrecords/contracts';

import {
  aCallRecord,
  aCallRecordFetched,
  aDirectRoutingRow,
  aMediaStream,
  aMeetingWithSessions,
  aNotification,
  aNotificationReceived,
  aPstnCallRow,
  aSession,
} from './builders';

const reference = resolve(__dirname, '../../contracts/graph-reference');

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

describe('fixtures copied from the Graph reference', () => {
  it.each([
    'get-callrecord-expanded-sessions.json',
    'getpstncalls-response.json',
    'change-notification-callrecord-created.json',
  ])('%s still equals the reference example', (file) => {
    const copy = readJson(resolve(__dirname, '__fixtures__', file));

    expect(copy).toEqual(readJson(resolve(reference, 'examples', file)));
  });
});

describe(aCallRecord.name, () => {
  it('is the reference example, complete (no nextLink left)', () => {
    const example = readJson(
      resolve(__dirname, '__fixtures__/get-callrecord-expanded-sessions.json'),
    );
    const { 'sessions@odata.nextLink': _next, ...complete } = example as Record<string, unknown>;

    expect(aCallRecord()).toMatchObject(complete);
  });

  it('uses only CSDL names and enum members', () => {
    expect(CallRecordStrictSchema.safeParse(aCallRecord()).error?.issues ?? []).toEqual([]);
  });

  it('applies overrides', () => {
    expect(aCallRecord({ version: 7, type: 'groupCall' })).toMatchObject({
      version: 7,
      type: 'groupCall',
    });
  });

  it('returns a fresh copy each time', () => {
    const first = aCallRecord();
    first.sessions?.pop();

    expect(aCallRecord().sessions).toHaveLength(1);
  });
});

describe(aSession.name, () => {
  it('nests a segment whose stream carries the metrics the quality rules read', () => {
    const stream = aSession().segments?.[0]?.media?.[0]?.streams?.[0];

    expect(stream).toMatchObject({ averageJitter: 'PT0.016S', packetUtilization: 2150 });
  });
});

describe(aMediaStream.name, () => {
  it('applies overrides', () => {
    expect(aMediaStream({ averageRoundTripTime: 'PT0.6S' }).averageRoundTripTime).toBe('PT0.6S');
  });
});

describe(aMeetingWithSessions.name, () => {
  it('builds the same meeting from the same seed', () => {
    expect(aMeetingWithSessions(20, 7)).toEqual(aMeetingWithSessions(20, 7));
  });

  it('builds another meeting from another seed', () => {
    expect(aMeetingWithSessions(20, 7).id).not.toBe(aMeetingWithSessions(20, 8).id);
  });

  it('has the requested number of sessions, each between a participant and the service', () => {
    const sessions = aMeetingWithSessions(50).sessions ?? [];

    expect(sessions.map((s) => [s.caller?.['@odata.type'], s.callee?.['@odata.type']])).toEqual(
      Array.from({ length: 50 }, () => [
        '#microsoft.graph.callRecords.participantEndpoint',
        '#microsoft.graph.callRecords.serviceEndpoint',
      ]),
    );
  });

  it('uses only CSDL names and enum members', () => {
    const result = CallRecordStrictSchema.safeParse(aMeetingWithSessions(200, 3));

    expect(result.error?.issues ?? []).toEqual([]);
  });
});

// The size decision of the records topic (libs/contracts README, "Serialization"), on realistic
// data.
describe('a 2,000-session meeting on the records topic', () => {
  const event = aCallRecordFetched(aMeetingWithSessions(2000, 1));
  const { value, headers } = encodeEvent(CallRecordFetchedV1Definition, event);
  const size = measureEncodedSize(value);

  it('decodes to exactly the event that was encoded', () => {
    expect(decodeEvent(CallRecordFetchedV1Definition, value, headers)).toEqual(event);
  });

  it('compresses below 15 % of its raw size with zstd (measured 10.7 %)', () => {
    expect(size.zstdBytes / size.rawBytes).toBeLessThan(0.15);
  });

  it('fits the topic limit even uncompressed (6.4 MB of 8 MiB)', () => {
    expect(size.rawBytes).toBeLessThan(TOPICS.records.maxMessageBytes);
  });
});

describe(aPstnCallRow.name, () => {
  it('is the reference row and passes the strict schema', () => {
    expect(PstnCallLogRowStrictSchema.parse(aPstnCallRow())).toMatchObject({ callType: 'user_in' });
  });
});

describe(aDirectRoutingRow.name, () => {
  it('passes the strict schema', () => {
    expect(DirectRoutingLogRowStrictSchema.safeParse(aDirectRoutingRow()).success).toBe(true);
  });
});

describe(aNotification.name, () => {
  it('points resource and resourceData at the same call record', () => {
    const notification = ChangeNotificationStrictSchema.parse(
      aNotification({ callRecordId: 'abc' }),
    );

    expect([notification.resource, notification.resourceData?.id]).toEqual([
      'communications/callRecords/abc',
      'abc',
    ]);
  });
});

describe(aNotificationReceived.name, () => {
  it('is a valid NotificationReceivedV1', () => {
    const { value, headers } = encodeEvent(
      NotificationReceivedV1Definition,
      aNotificationReceived(),
    );

    expect(decodeEvent(NotificationReceivedV1Definition, value, headers).payload.source).toBe(
      'webhook',
    );
  });
});
