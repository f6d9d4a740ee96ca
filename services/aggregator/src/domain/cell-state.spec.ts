import { applyChanges, cellStateOf, rollupDocumentOf } from './cell-state';
import type { DocumentChange } from './cell-deltas';
import { histogramCell, MEASURES, totalCell } from './cells';
import type { Measure } from './cells';

const TOTAL = totalCell('calls');
const STREAMS = totalCell('streams');

function change(
  [partitionKey, offset]: [string, number],
  cell: string,
  m: Partial<Record<Measure, number>>,
): DocumentChange {
  return { partitionKey, offset, cells: new Map([[cell, MEASURES.map((name) => m[name] ?? 0)]]) };
}

describe(applyChanges.name, () => {
  it('adds changes to an empty state and records the batch end per partition', () => {
    const state = applyChanges(
      undefined,
      [
        change(['r/0', 5], TOTAL, { calls: 1, durationMs: 60_000 }),
        change(['r/1', 2], TOTAL, { calls: 1 }),
      ],
      { 'r/0': 9, 'r/1': 4 },
    );

    expect(state).toEqual({
      applied: { 'r/0': 9, 'r/1': 4 },
      sums: { [TOTAL]: { calls: 2, durationMs: 60_000 } },
    });
  });

  it('skips changes at or below the applied offset of their partition (a redelivered batch)', () => {
    const stored = { applied: { 'r/0': 9 }, sums: { [TOTAL]: { calls: 2 } } };

    const again = applyChanges(stored, [change(['r/0', 5], TOTAL, { calls: 1 })], { 'r/0': 9 });
    const larger = applyChanges(
      stored,
      [change(['r/0', 5], TOTAL, { calls: 1 }), change(['r/0', 12], TOTAL, { calls: 1 })],
      { 'r/0': 14 },
    );

    expect(again).toBeUndefined();
    expect(larger).toEqual({ applied: { 'r/0': 14 }, sums: { [TOTAL]: { calls: 3 } } });
  });

  it('drops cells that sum to zero after a retraction', () => {
    const stored = { applied: {}, sums: { [TOTAL]: { calls: 1, poorCalls: 1 } } };

    const state = applyChanges(stored, [change(['r/0', 1], TOTAL, { calls: -1, poorCalls: -1 })], {
      'r/0': 1,
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
