import { RetryableError } from '@callrecords/contracts';
import type { TrunkQualityRollupDocument } from '@callrecords/contracts';
import type { ConsumedEvent, HandleOutcome } from '@callrecords/kafka';
import type { BulkItemResult } from '@callrecords/opensearch';
import { Counter } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import {
  ZERO_QUALITY,
  applyToJoin,
  cellKeyOf,
  cellsOf,
  joinKeyOf,
  trunkQualityDocumentOf,
} from '../domain/trunk-join';
import type { TrunkCell, TrunkJoinInput, TrunkJoinState } from '../domain/trunk-join';
import { toJoinInput } from './to-join-input';
import type { TrunkQualityEvent } from './to-join-input';
import type { TrunkQualityRepository, Versioned } from './trunk-quality.repository';

// The join and its rollup, exact under redelivery, crashes and concurrent replicas without any
// state in the process: (1) each call's join state is read, the batch's events applied, and written
// compare-and-set (a concurrent writer of the same call → read and apply again); (2) every cell of
// every call of the batch, before and after, is summed again from the refreshed join states and
// written compare-and-set over the version read before summing. A writer that summed before another
// call's state was visible read the document before that call's writer wrote it, so its write
// fails and it sums again. A crash anywhere redoes the batch: the states come out the same, and the
// cells are summed again.

const MAX_ATTEMPTS = 20;

export interface TrunkQualityServiceOptions {
  readonly repository: TrunkQualityRepository;
  readonly logger: Logger;
  readonly registry: Registry;
}

export class TrunkQualityService {
  private readonly conflicts: Counter<'stage'>;
  private readonly cellsWritten: Counter<'interval'>;

  constructor(private readonly options: TrunkQualityServiceOptions) {
    this.conflicts = new Counter<'stage'>({
      name: 'callrecords_aggregator_trunk_quality_conflicts_total',
      help: 'Compare-and-set writes of the trunk-quality join redone after a concurrent write',
      labelNames: ['stage'],
      registers: [options.registry],
    });
    this.cellsWritten = new Counter<'interval'>({
      name: 'callrecords_aggregator_trunk_quality_cells_written_total',
      help: 'Trunk-quality rollup documents written',
      labelNames: ['interval'],
      registers: [options.registry],
    });
  }

  /** Joins and rolls up a batch; throws (nothing committed) when OpenSearch fails. */
  async handle(consumed: readonly ConsumedEvent<TrunkQualityEvent>[]): Promise<HandleOutcome[]> {
    const inputs = new Map<string, TrunkJoinInput[]>();
    for (const { event } of consumed) {
      const input = toJoinInput(event);
      if (input) {
        const key = joinKeyOf(input);
        inputs.set(key, [...(inputs.get(key) ?? []), input]);
      }
    }
    const cells = await this.join(inputs);
    await this.options.repository.refreshStates();
    await this.rollUp([...cells.values()]);
    return consumed.map(() => ({ kind: 'done', produce: [] }));
  }

  // Applies the inputs to the stored states; returns every cell of those calls, before and after.
  private async join(
    inputs: ReadonlyMap<string, TrunkJoinInput[]>,
  ): Promise<Map<string, TrunkCell>> {
    const cells = new Map<string, TrunkCell>();
    let pending = [...inputs.keys()];
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      this.giveUpAfter(attempt, 'join');
      const stored = await this.options.repository.getStates(pending);
      const writes = pending.map((key) => {
        const read = stored.get(key);
        const state = (inputs.get(key) ?? []).reduce<TrunkJoinState | undefined>(
          applyToJoin,
          read?.value,
        ) as TrunkJoinState;
        for (const cell of [...cellsOf(read?.value), ...cellsOf(state)]) {
          cells.set(cellKeyOf(cell), cell);
        }
        return { state, read };
      });
      const results = await this.options.repository.writeStates(writes);
      pending = this.conflicted(results, 'join').map((r) => r.id);
    }
    return cells;
  }

  private async rollUp(cells: readonly TrunkCell[]): Promise<void> {
    let pending = cells;
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      this.giveUpAfter(attempt, 'rollup');
      const read = await this.options.repository.getRollups(pending);
      const docs: { doc: TrunkQualityRollupDocument; read: Versioned<unknown> | undefined }[] = [];
      // The cells in the order of `docs` (grouping reorders them): results[i] is about cellsInOrder[i].
      const cellsInOrder: TrunkCell[] = [];
      for (const group of groupByTenantAndInterval(pending)) {
        const sums = await this.options.repository.sumCells(group);
        for (const cell of group) {
          const cellSums = sums.get(cellKeyOf(cell));
          const doc = trunkQualityDocumentOf(
            cell,
            cellSums?.calls ?? 0,
            cellSums?.sums ?? ZERO_QUALITY,
          );
          docs.push({ doc, read: read.get(cellKeyOf(cell)) });
          cellsInOrder.push(cell);
        }
      }
      const results = await this.options.repository.writeRollups(docs);
      results.forEach((r, i) => {
        if (r.status === 'written') {
          this.cellsWritten.inc({ interval: docs[i]?.doc.interval ?? 'hour' });
        }
      });
      const stale = new Set(this.conflicted(results, 'rollup').map((r) => `${r.index}/${r.id}`));
      pending = cellsInOrder.filter((_, i) => stale.has(`${results[i]?.index}/${results[i]?.id}`));
    }
  }

  // Stale: someone wrote in between (read again). Retryable/poison: the whole batch is redone.
  private conflicted(results: readonly BulkItemResult[], stage: string): BulkItemResult[] {
    const failed = results.find((r) => r.status === 'retryable' || r.status === 'poison');
    if (failed) {
      throw new RetryableError(`trunk-quality ${stage} write failed: ${failed.reason ?? ''}`);
    }
    const stale = results.filter((r) => r.status === 'stale');
    this.conflicts.inc({ stage }, stale.length);
    return stale;
  }

  private giveUpAfter(attempt: number, stage: string): void {
    if (attempt > MAX_ATTEMPTS) {
      throw new RetryableError(`trunk-quality ${stage}: still conflicting after ${MAX_ATTEMPTS}`);
    }
  }
}

function groupByTenantAndInterval(cells: readonly TrunkCell[]): TrunkCell[][] {
  const groups = new Map<string, TrunkCell[]>();
  for (const cell of cells) {
    const key = `${cell.tenantId}|${cell.interval}`;
    groups.set(key, [...(groups.get(key) ?? []), cell]);
  }
  return [...groups.values()];
}
