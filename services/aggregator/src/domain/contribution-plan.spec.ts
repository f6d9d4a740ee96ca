import { cellKey } from './cells';
import { planContributions } from './contribution-plan';
import type { ContributionDocument } from './contribution-plan';

const HOUR_A = { hourStart: '2026-11-20T01:00:00.000Z', dayStart: '2026-11-20T00:00:00.000Z' };
const HOUR_B = { hourStart: '2026-11-21T05:00:00.000Z', dayStart: '2026-11-21T00:00:00.000Z' };
const GROUP = cellKey('calls', 'callType', 'groupCall');
const P2P = cellKey('calls', 'callType', 'peerToPeer');

function doc(
  version: number,
  at: typeof HOUR_A,
  cell: string,
): Omit<ContributionDocument, 'retracted'> {
  return {
    tenantId: 't',
    source: 'records',
    sourceId: 'r1',
    version,
    ...at,
    entries: [{ cell, calls: 1 }],
  };
}

describe(planContributions.name, () => {
  it('writes a newer version and recomputes the old buckets with its old cells', () => {
    const stored = new Map([['t|records|r1', { ...doc(1, HOUR_A, GROUP), retracted: [] }]]);

    const plan = planContributions([doc(2, HOUR_B, P2P)], stored);

    expect(plan.writes).toEqual([
      { ...doc(2, HOUR_B, P2P), retracted: [{ ...HOUR_A, cells: [GROUP] }] },
    ]);
    expect(
      plan.targets.map(
        (t) => `${t.bucket.interval} ${t.bucket.bucketStart} ${[...t.cells].length}`,
      ),
    ).toEqual([
      'hour 2026-11-21T05:00:00.000Z 0',
      'hour 2026-11-20T01:00:00.000Z 1',
      'day 2026-11-21T00:00:00.000Z 0',
      'day 2026-11-20T00:00:00.000Z 1',
    ]);
  });

  it('writes nothing for an older or duplicate version but still recomputes the stored buckets', () => {
    const stored = new Map([['t|records|r1', { ...doc(3, HOUR_A, GROUP), retracted: [] }]]);

    const plan = planContributions([doc(2, HOUR_B, P2P), doc(3, HOUR_A, GROUP)], stored);

    expect(plan.writes).toEqual([]);
    expect(plan.targets.map((t) => t.bucket.bucketStart)).toEqual([
      HOUR_A.hourStart,
      HOUR_A.dayStart,
    ]);
  });

  it('keeps the highest version of a record seen twice in one batch', () => {
    const plan = planContributions([doc(2, HOUR_B, P2P), doc(1, HOUR_A, GROUP)], new Map());

    expect(plan.writes.map((w) => w.version)).toEqual([2]);
  });
});
