import { describe, expect, it } from '@jest/globals';

import { objectsIn } from '../../simulator.types';
import type { JsonObject } from '../../simulator.types';
import { csdlProblems, readCsdlSchema } from '../../testing/csdl-schema';
import { generateDataset } from './dataset';

const NOW = new Date('2024-06-01T12:00:00Z');
const dataset = generateDataset({
  seed: 2024,
  count: 200,
  tenantId: 't1',
  now: NOW,
  withUpdates: true,
});
const allRecords = dataset.records.flatMap((record) => [
  record.first,
  ...(record.update ? [record.update] : []),
]);

function audioStreams(record: JsonObject): JsonObject[] {
  return objectsIn(record['sessions'])
    .flatMap((session) => objectsIn(session['segments']))
    .flatMap((segment) => objectsIn(segment['media']))
    .filter((media) => media['label'] === 'main-audio')
    .flatMap((media) => objectsIn(media['streams']));
}

function ms(duration: unknown): number {
  return Number(/^PT([\d.]+)S$/.exec(String(duration))?.[1] ?? 0) * 1000;
}

// CQD's current audio rule (libs/contracts/graph-reference/QUALITY.md).
function isPoorAudio(stream: JsonObject): boolean {
  return (
    Number(stream['packetUtilization']) > 500 &&
    (ms(stream['averageRoundTripTime']) > 500 ||
      Number(stream['averagePacketLossRate']) > 0.1 ||
      ms(stream['averageJitter']) > 30)
  );
}

describe(generateDataset.name, () => {
  it('gives the same data set for the same seed and time', () => {
    const again = generateDataset({
      seed: 2024,
      count: 200,
      tenantId: 't1',
      now: NOW,
      withUpdates: true,
    });

    expect(again).toEqual(dataset);
  });

  it('gives a different data set for another seed', () => {
    const other = generateDataset({
      seed: 2025,
      count: 5,
      tenantId: 't1',
      now: NOW,
      withUpdates: true,
    });

    expect(other.records[0]?.first['id']).not.toBe(dataset.records[0]?.first['id']);
  });

  it('uses only CSDL property names and enum members', () => {
    const schema = readCsdlSchema();

    const problems = [
      ...allRecords.flatMap((record) =>
        csdlProblems(schema, 'microsoft.graph.callRecords.callRecord', record),
      ),
      ...dataset.pstnRows.flatMap((row) =>
        csdlProblems(schema, 'microsoft.graph.callRecords.pstnCallLogRow', row),
      ),
      ...dataset.directRoutingRows.flatMap((row) =>
        csdlProblems(schema, 'microsoft.graph.callRecords.directRoutingLogRow', row),
      ),
    ];

    expect(problems).toEqual([]);
  });

  it('has a CSDL check that catches an undeclared property and a wrong enum value', () => {
    const schema = readCsdlSchema();

    const problems = csdlProblems(schema, 'microsoft.graph.callRecords.callRecord', {
      id: 'x',
      callType: 'p2p',
      type: 'p2p',
    });

    expect(problems).toEqual([
      '$.callType: not declared on microsoft.graph.callRecords.callRecord',
      '$.type: "p2p" is not a microsoft.graph.callRecords.callType member',
    ]);
  });

  it('makes meetings large enough to page sessions (> 60) and participants (> 130)', () => {
    const sizes = dataset.records.map(
      (record) => objectsIn(record.first['participants_v2']).length,
    );

    expect(Math.max(...sizes)).toBeGreaterThan(130);
  });

  it('has a few percent of poor audio streams, like Microsoft review targets', () => {
    const streams = allRecords.flatMap(audioStreams);

    const share = streams.filter(isPoorAudio).length / streams.length;

    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.12);
  });

  it('gives a later version a higher version number and more data', () => {
    const updated = dataset.records.find((record) => record.update && record.kind === 'peerToPeer');

    expect(updated?.update?.['version']).toBe(2);
    expect(JSON.stringify(updated?.update).length).toBeGreaterThan(
      JSON.stringify(updated?.first).length,
    );
  });

  it('includes PSTN, Direct Routing and emergency calls', () => {
    const kinds = new Set(dataset.records.map((record) => record.kind));

    expect(kinds).toEqual(
      new Set(['peerToPeer', 'groupCall', 'meeting', 'pstn', 'directRouting', 'emergency']),
    );
    expect(dataset.pstnRows.some((row) => row['calleeNumber'] === '911')).toBe(true);
    expect(dataset.directRoutingRows.length).toBeGreaterThan(0);
  });

  it('ends every call before now', () => {
    expect(
      allRecords.every((record) => Date.parse(String(record['endDateTime'])) < NOW.getTime()),
    ).toBe(true);
  });

  it('links each Direct Routing row to its call record and marks no failure as Graph does', () => {
    const ids = new Set(allRecords.map((record) => record['id']));
    const rows = dataset.directRoutingRows;

    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => ids.has(row['correlationId']))).toBe(true);
    expect(
      rows.filter((row) => row['successfulCall'] === true).map((row) => row['failureDateTime']),
    ).toEqual(
      rows.filter((row) => row['successfulCall'] === true).map(() => '0001-01-01T00:00:00Z'),
    );
  });

  it('leaves out the deprecated organizer and participants after 30 June 2026', () => {
    const after = generateDataset({
      seed: 7,
      count: 20,
      tenantId: 't1',
      now: new Date('2026-12-01'),
      withUpdates: false,
    });
    const records = after.records.map((record) => record.first);

    expect(records.some((record) => 'organizer' in record || 'participants' in record)).toBe(false);
    expect(records.every((record) => objectsIn(record['participants_v2']).length > 0)).toBe(true);
    expect(allRecords.every((record) => 'organizer' in record && 'participants' in record)).toBe(
      true,
    );
  });
});
