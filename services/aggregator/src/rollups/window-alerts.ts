import type { RollupMetric } from '@callrecords/contracts';

import { poorCallAlerts, trunkFailureAlerts } from '../domain/alert-rules';
import type { AlertCandidate, AlertRulesConfig } from '../domain/alert-rules';
import { hoursEndingAt } from '../domain/buckets';
import { parseCell } from '../domain/cells';
import type { ParsedCell } from '../domain/cells';
import type { DocumentDelta } from '../domain/cell-deltas';
import type { CellState } from '../domain/cell-state';
import { sumWindow } from '../domain/window-sums';
import type { HourCell } from '../domain/window-sums';
import { refKey } from './rollup-store.repository';
import type { RollupRef, RollupStoreRepository } from './rollup-store.repository';

const RULE_READS: Partial<Record<RollupMetric, readonly string[]>> = {
  calls: ['total', 'subnet', 'site'],
  'direct-routing': ['trunk'],
};

interface WindowTarget {
  readonly tenantId: string;
  readonly hourStart: string;
  readonly baseCell: string;
  readonly cell: ParsedCell;
  readonly hours: readonly string[];
}

/**
 * The sliding-window alerts a batch may have changed: for each hour document of a rule's cells
 * that the batch changed, the window of that cell ending at that hour. The window's documents are
 * read by id (realtime), so they include this batch and every batch written before it.
 */
export async function windowAlerts(
  deltas: Iterable<DocumentDelta>,
  deps: {
    readonly store: RollupStoreRepository;
    readonly rules: AlertRulesConfig;
    /** The current state of rollup documents (cached or read), in input order. */
    readonly states: (refs: readonly RollupRef[]) => Promise<CellState[]>;
  },
): Promise<AlertCandidate[]> {
  const { store, rules } = deps;
  const targets = windowTargets(deltas, rules);
  const refs = targets.map((t) =>
    t.hours.map((hourStart) =>
      store.rollupRef({
        ...t.cell,
        tenantId: t.tenantId,
        interval: 'hour',
        bucketStart: hourStart,
      }),
    ),
  );
  const unique = [...new Map(refs.flat().map((r) => [refKey(r), r])).values()];
  const read = await deps.states(unique);
  const states = new Map(unique.map((ref, i) => [refKey(ref), read[i] as CellState]));
  return targets.flatMap((target, t) => {
    const cells: HourCell[] = target.hours.map((hourStart, h) => {
      const state = states.get(refKey((refs[t] as RollupRef[])[h] as RollupRef));
      return { hourStart, cell: target.baseCell, measures: state?.sums[target.baseCell] ?? {} };
    });
    const window = {
      tenantId: target.tenantId,
      hourStart: target.hourStart,
      sums: sumWindow(cells, target.hourStart, target.hours.length),
    };
    return target.cell.metric === 'calls'
      ? poorCallAlerts(window, rules)
      : trunkFailureAlerts(window, rules);
  });
}

function windowTargets(deltas: Iterable<DocumentDelta>, rules: AlertRulesConfig): WindowTarget[] {
  const targets: WindowTarget[] = [];
  // Many documents of a batch share an hour: each window's hours are listed once.
  const windows = new Map<string, readonly string[]>();
  for (const { bucket, baseCell } of deltas) {
    // Day documents first: half of a batch's documents, and no rule reads them.
    const cell = bucket.interval === 'hour' ? parseCell(baseCell) : undefined;
    const reads = cell && RULE_READS[cell.metric];
    if (!cell || !reads?.includes(cell.dimension)) {
      continue;
    }
    const windowHours =
      cell.metric === 'calls' ? rules.poorCall.windowHours : rules.trunkFailure.windowHours;
    const windowKey = `${bucket.bucketStart}|${windowHours}`;
    let hours = windows.get(windowKey);
    if (!hours) {
      hours = hoursEndingAt(bucket.bucketStart, windowHours);
      windows.set(windowKey, hours);
    }
    targets.push({
      tenantId: bucket.tenantId,
      hourStart: bucket.bucketStart,
      baseCell,
      cell,
      hours,
    });
  }
  return targets;
}
