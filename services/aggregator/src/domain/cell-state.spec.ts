import { applyChanges, cellStateOf, rollupDocumentOf } from './cell-state';
import type { CellChanges, DocumentChange } from './cell-deltas';
import { histogramCell, MEASURES, totalCell } from './cells';
import type { Measure } from './cells';

const TOTAL = totalCell('calls');
const STREAMS = totalCell('streams');

function cells(cell: string, m: Partial<Record<Measure, number>>): CellChanges {
  return new Map([[cell, MEASURES.map((name) => m[name] ?? 0)]]);
}

function change(
  [partitionKey, offset, lastOffset]: [string, number, number?],
  cell: string,
  m: Partial<Record<Measure, number>>,
): DocumentChange {
  return { partitionKey, offset, lastOffset: lastOffset ?? offset, cells: cells(cell, m) };
}

function noPartialChanges(): CellChanges {
  throw new Error('not expected: the change is applied whole or not at all');
}

describe(applyChanges.name, () => {
  it('adds changes to an empty state and records the batch end per partition', () => {
    const state = applyChanges(
      undefined,
      [
        change(['r/0', 5], TOTAL, { calls: 1, durationMs: 60_000 }),
        change(['r/1', 2], TOTAL, { calls: 1 }),
      ],
      { through: { 'r/0': 9, 'r/1': 4 }, changesAfter: noPartialChanges },
    );

    expect(state).toEqual({
      applied: { 'r/0': 9, 'r/1': 4 },
      sums: { [TOTAL]: { calls: 2, durationMs: 60_000 } },
    });
  });

  it('skips a change the document holds up to its last offset (a redelivered batch)', () => {
    const stored = { applied: { 'r/0': 9 }, sums: { [TOTAL]: { calls: 2 } } };

    const again = applyChanges(stored, [change(['r/0', 5], TOTAL, { calls: 1 })], {
      through: { 'r/0': 9 },
      changesAfter: noPartialChanges,
    });

    expect(again).toBeUndefined();
  });

  it('adds only the part above the applied offset of a change the document partly holds', () => {
    // An earlier try of the batch stopped at offset 9: offsets 5 (+1 call) are in, 12 (+1) is not.
    const stored = { applied: { 'r/0': 9 }, sums: { [TOTAL]: { calls: 2 } } };
    const asked: [string, number][] = [];

    const larger = applyChanges(stored, [change(['r/0', 5, 12], TOTAL, { calls: 2 })], {
      through: { 'r/0': 14 },
      changesAfter: (partitionKey, after) => {
        asked.push([partitionKey, after]);
        return cells(TOTAL, { calls: 1 });
      },
    });

    expect(asked).toEqual([['r/0', 9]]);
    expect(larger).toEqual({ applied: { 'r/0': 14 }, sums: { [TOTAL]: { calls: 3 } } });
  });

  it('writes nothing when what is left to add sums to zero', () => {
    const stored = { applied: { 'r/0': 2 }, sums: { [TOTAL]: { calls: 2 } } };

    const state = applyChanges(stored, [change(['r/0', 5, 8], TOTAL, {})], {
      through: { 'r/0': 8 },
      changesAfter: noPartialChanges,
    });

    expect(state).toBeUndefined();
  });

  it('drops cells that sum to zero after a retraction', () => {
    const stored = { applied: {}, sums: { [TOTAL]: { calls: 1, poorCalls: 1 } } };

    const state = applyChanges(stored, [change(['r/0', 1], TOTAL, { calls: -1, poorCalls: -1 })], {
      through: { 'r/0': 1 },
      changesAfter: noPartialChanges,
    });

    expect(state).toEqual({ applied: { 'r/0': 1 }, sums: {} });
  });
});

describe(rollupDocumentOf.name, () => {
  it('builds the contract document with its histogram from the state, carrying the state', () => {
    const bucket = {
      tenantId: 't',
      interval: 'day',
      bucketStart: '2026-11-20T00:00:00.000Z',
    } as const;
    const state = {
      applied: { 'r/0': 3 },
      sums: {
        [STREAMS]: { streams: 2, classifiedStreams: 2, poorStreams: 1 },
        [histogramCell(STREAMS, 'jitterMs', 0)]: { samples: 1 },
        [histogramCell(STREAMS, 'jitterMs', 9)]: { samples: 1 },
      },
    };

    const doc = rollupDocumentOf(bucket, STREAMS, state);

    expect(doc).toMatchObject({
      metric: 'streams',
      streams: 2,
      poorStreamRatio: 0.5,
      jitterMs: { samples: 2, p50: 5, p95: 100 },
      aggregation: state,
    });
    expect(cellStateOf(doc as unknown as Record<string, unknown>)).toEqual(state);
  });

  it('reads a document without state as empty', () => {
    expect(cellStateOf({ calls: 3 })).toEqual({ applied: {}, sums: {} });
  });
});
