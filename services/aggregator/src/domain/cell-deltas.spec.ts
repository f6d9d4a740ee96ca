import { planDeltas } from './cell-deltas';
import { cellKey } from './cells';
import type { ContributionDocument } from './contribution-plan';

const HOUR_A = { hourStart: '2026-11-20T01:00:00.000Z', dayStart: '2026-11-20T00:00:00.000Z' };
const HOUR_A2 = { hourStart: '2026-11-20T07:00:00.000Z', dayStart: '2026-11-20T00:00:00.000Z' };
const HOUR_B = { hourStart: '2026-11-21T05:00:00.000Z', dayStart: '2026-11-21T00:00:00.000Z' };
const GROUP = cellKey('calls', 'callType', 'groupCall');
const P2P = cellKey('calls', 'callType', 'peerToPeer');
const P = 'records/0';

function doc(
  version: number,
  at: typeof HOUR_A,
  [cell, calls]: [string, number?],
): ContributionDocument {
  return {
    tenantId: 't',
    source: 'records',
    sourceId: 'r1',
    version,
    ...at,
    entries: [{ cell, calls: calls ?? 1 }],
  };
}

function at(offset: number, d?: ContributionDocument) {
  return { position: { partitionKey: P, offset }, ...(d ? { doc: d } : {}) };
}

// calls measure is index 0 of MEASURES.
function callsIn(plan: ReturnType<typeof planDeltas>, key: string): number[] {
  return (plan.deltas.get(key)?.changes ?? []).map((c) => [...c.cells.values()][0]?.[0] ?? 0);
}

describe(planDeltas.name, () => {
  it('adds a new record to its hour and its day', () => {
    const plan = planDeltas([at(7, doc(1, HOUR_A, [GROUP]))], new Map());

    expect([...plan.deltas.keys()].sort()).toEqual([
      `t|day|2026-11-20T00:00:00.000Z|${GROUP}`,
      `t|hour|2026-11-20T01:00:00.000Z|${GROUP}`,
    ]);
    expect(callsIn(plan, `t|hour|2026-11-20T01:00:00.000Z|${GROUP}`)).toEqual([1]);
    expect(plan.writes).toEqual([doc(1, HOUR_A, [GROUP])]);
    expect(plan.through).toEqual({ [P]: 7 });
  });

  it('takes the stored version out of its old cells when a newer one moves the record', () => {
    const stored = new Map([['t|records|r1', doc(1, HOUR_A, [GROUP])]]);

    const plan = planDeltas([at(3, doc(2, HOUR_B, [P2P]))], stored);

    expect(callsIn(plan, `t|hour|2026-11-20T01:00:00.000Z|${GROUP}`)).toEqual([-1]);
    expect(callsIn(plan, `t|hour|2026-11-21T05:00:00.000Z|${P2P}`)).toEqual([1]);
    expect(plan.changed).toEqual([true]);
  });

  it('stores a later version that adds the same counts without changing any document', () => {
    const stored = new Map([['t|records|r1', doc(1, HOUR_A, [GROUP])]]);

    const plan = planDeltas([at(4, doc(2, HOUR_A, [GROUP]))], stored);

    expect(plan.deltas.size).toBe(0);
    expect(plan.writes).toEqual([doc(2, HOUR_A, [GROUP])]);
    expect(plan.changed).toEqual([true]);
    expect(plan.through).toEqual({ [P]: 4 });
  });

  it('moves a later version with the same cells to another hour of the same day', () => {
    const stored = new Map([['t|records|r1', doc(1, HOUR_A, [GROUP])]]);

    const plan = planDeltas([at(4, doc(2, HOUR_A2, [GROUP]))], stored);

    expect(callsIn(plan, `t|hour|2026-11-20T01:00:00.000Z|${GROUP}`)).toEqual([-1]);
    expect(callsIn(plan, `t|hour|2026-11-20T07:00:00.000Z|${GROUP}`)).toEqual([1]);
    expect(callsIn(plan, `t|day|2026-11-20T00:00:00.000Z|${GROUP}`)).toEqual([0]);
  });

  it('changes nothing for a duplicate or an older version', () => {
    const stored = new Map([['t|records|r1', doc(2, HOUR_A, [GROUP])]]);

    const plan = planDeltas([at(1, doc(2, HOUR_A, [GROUP])), at(2, doc(1, HOUR_B, [P2P]))], stored);

    expect(plan.deltas.size).toBe(0);
    expect(plan.writes).toEqual([]);
    expect(plan.changed).toEqual([false, false]);
    expect(plan.through).toEqual({ [P]: 2 });
  });

  it('chains versions in offset order, summed per document from the first to the last offset', () => {
    const key = `t|hour|2026-11-20T01:00:00.000Z|${GROUP}`;
    const plan = planDeltas(
      [
        at(10, doc(1, HOUR_A, [GROUP])),
        at(11, doc(3, HOUR_A, [GROUP, 5])),
        at(12, doc(2, HOUR_B, [P2P])),
      ],
      new Map(),
    );
    const hourA = plan.deltas.get(key);

    // +1 (v1), then +5 − 1 (v3 replaces v1); v2 at 12 is older than v3 and changes nothing.
    expect(hourA?.changes.map((c) => [c.offset, c.lastOffset])).toEqual([[10, 11]]);
    expect(callsIn(plan, key)).toEqual([5]);
    // A document that already holds offset 10 takes the rest: +5 − 1.
    expect([...plan.changesAfter({ key, part: P, after: 10 }).values()].map((m) => m[0])).toEqual([
      4,
    ]);
    expect([...plan.changesAfter({ key, part: P, after: 11 }).values()]).toEqual([]);
    expect(plan.deltas.has(`t|hour|2026-11-21T05:00:00.000Z|${P2P}`)).toBe(false);
    expect(plan.writes).toEqual([doc(3, HOUR_A, [GROUP, 5])]);
  });

  it('sums a day document from its hours, from the first offset of one to the last of another', () => {
    const other = { ...doc(1, HOUR_A2, [GROUP, 2]), sourceId: 'r2' };

    const plan = planDeltas([at(3, doc(1, HOUR_A, [GROUP])), at(5, other)], new Map());
    const day = plan.deltas.get(`t|day|2026-11-20T00:00:00.000Z|${GROUP}`);

    expect(day?.changes.map((c) => [c.offset, c.lastOffset])).toEqual([[3, 5]]);
    expect(callsIn(plan, `t|day|2026-11-20T00:00:00.000Z|${GROUP}`)).toEqual([3]);
    expect(callsIn(plan, `t|hour|2026-11-20T07:00:00.000Z|${GROUP}`)).toEqual([2]);
  });

  it('sums to zero in the day of a record that moves to another hour of it', () => {
    const stored = new Map([['t|records|r1', doc(1, HOUR_A, [GROUP])]]);

    const plan = planDeltas([at(4, doc(2, HOUR_A2, [GROUP]))], stored);

    expect(callsIn(plan, `t|hour|2026-11-20T01:00:00.000Z|${GROUP}`)).toEqual([-1]);
    expect(callsIn(plan, `t|hour|2026-11-20T07:00:00.000Z|${GROUP}`)).toEqual([1]);
    expect(callsIn(plan, `t|day|2026-11-20T00:00:00.000Z|${GROUP}`)).toEqual([0]);
  });

  it('counts an event without a bucket in the partition range only', () => {
    const plan = planDeltas([at(9)], new Map());

    expect(plan.changed).toEqual([false]);
    expect(plan.through).toEqual({ [P]: 9 });
  });
});
