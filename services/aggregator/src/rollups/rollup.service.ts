import { PermanentError, RetryableError } from '@callrecords/contracts';
import type { RollupDocument } from '@callrecords/contracts';
import type { HandleOutcome, ConsumedEvent } from '@callrecords/kafka';
import { Counter, Histogram } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { AlertService } from '../alerts/alert.service';
import type { AlertRulesConfig } from '../domain/alert-rules';
import { parseCell } from '../domain/cells';
import type { ParsedCell } from '../domain/cells';
import { planDeltas } from '../domain/cell-deltas';
import type { DeltaPlan, DocumentDelta } from '../domain/cell-deltas';
import { applyChanges, cellStateOf, rollupDocumentOf } from '../domain/cell-state';
import type { CellState } from '../domain/cell-state';
import { contributionId } from '../domain/contribution-plan';
import type { ContributionDocument } from '../domain/contribution-plan';
import type { RecordContributionOptions } from '../domain/record-contribution';
import { refKey } from './rollup-store.repository';
import type { RollupRef, RollupStoreRepository } from './rollup-store.repository';
import { toContribution } from './to-contribution';
import type { AggregatorEvent, EventContribution } from './to-contribution';
import { windowAlerts } from './window-alerts';

export interface RollupServiceDeps {
  readonly store: RollupStoreRepository;
  readonly alerts: AlertService;
  readonly rules: AlertRulesConfig;
  readonly contributionOptions: RecordContributionOptions;
  readonly logger: Logger;
  readonly registry: Registry;
}

// Another partition (or replica) writing the same rollup document between our read and our write
// makes us read and apply again; this many rounds in a row means something is wrong.
const MAX_WRITE_ROUNDS = 20;

/**
 * One batch: each record's delta (new contribution minus the stored one), applied once to every
 * rollup document it changes (a document remembers the last offset per source partition it holds,
 * and is written only over the version it was read at), then the new contributions, then alerts.
 * Throws RetryableError on an OpenSearch fault: nothing is committed and the batch comes again;
 * documents that already hold its offsets skip it, so the numbers stay exact.
 */
export class RollupService {
  private readonly events: Counter;
  private readonly documents: Counter;
  private readonly duration: Histogram;

  constructor(private readonly deps: RollupServiceDeps) {
    this.events = new Counter({
      name: 'callrecords_aggregator_events_total',
      help: 'Consumed events, by source and result (written, stale, skipped, dead-letter)',
      labelNames: ['source', 'result'],
      registers: [deps.registry],
    });
    this.documents = new Counter({
      name: 'callrecords_aggregator_rollup_documents_written_total',
      help: 'Rollup documents written, by metric and interval',
      labelNames: ['metric', 'interval'],
      registers: [deps.registry],
    });
    this.duration = new Histogram({
      name: 'callrecords_aggregator_batch_duration_seconds',
      help: 'Time to roll up one batch (contributions, recompute, rollups, alerts)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [deps.registry],
    });
  }

  async handle(consumed: readonly ConsumedEvent<AggregatorEvent>[]): Promise<HandleOutcome[]> {
    const stop = this.duration.startTimer();
    const lap = stopwatch();
    const options = { ...this.deps.contributionOptions, rules: this.deps.rules };
    const contributions = consumed.map((c) => toContribution(c.event, options));
    const contributeMs = lap();
    const ids = contributions.flatMap((c) => (c.doc ? [contributionId(c.doc)] : []));
    const stored = await this.deps.store.getContributions([...new Set(ids)]);
    const readMs = lap();
    const plan = planDeltas(
      consumed.map((c, i) => ({
        position: { partitionKey: `${c.topic}/${c.partition}`, offset: Number(c.offset) },
        ...(contributions[i]?.doc ? { doc: contributions[i].doc } : {}),
      })),
      stored,
    );
    const planMs = lap();
    const written = await this.applyDeltas(plan);
    const rollupsMs = lap();
    // After the rollups: a stored contribution means its delta is in every document it changes.
    // The alert windows read rollup documents only, so they are read meanwhile.
    const [poison, windows] = await Promise.all([
      this.writeContributions(plan.writes),
      windowAlerts(plan.deltas.values(), { ...this.deps, written }),
    ]);
    const contributionsMs = lap();
    await this.deps.alerts.raise([
      ...contributions.flatMap((c) => (c.alert ? [c.alert] : [])),
      ...windows,
    ]);
    const alertsMs = lap();
    stop();
    this.deps.logger.debug(
      {
        events: consumed.length,
        documents: written.size,
        contributeMs,
        readMs,
        planMs,
        rollupsMs,
        contributionsMs,
        alertsMs,
      },
      'batch rolled up',
    );
    return contributions.map((c, i) => this.outcomeOf(c, plan.changed[i] === true, poison));
  }

  private async writeContributions(
    writes: readonly ContributionDocument[],
  ): Promise<Map<string, string>> {
    const results = await this.deps.store.writeContributions(writes);
    const retryable = results.find((r) => r.status === 'retryable');
    if (retryable) {
      throw new RetryableError(`contribution write: ${retryable.reason ?? 'retryable'}`);
    }
    return new Map(
      results.filter((r) => r.status === 'poison').map((r) => [r.id, r.reason ?? 'rejected']),
    );
  }

  /** Applies the plan to every rollup document it changes; returns the states written, by ref. */
  private async applyDeltas(plan: DeltaPlan): Promise<Map<string, CellState>> {
    const { store } = this.deps;
    let pending = [...plan.deltas.values()];
    const written = new Map<string, CellState>();
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_WRITE_ROUNDS) {
        throw new RetryableError('rollup documents kept changing under concurrent writers');
      }
      const refs = pending.map((d) => store.rollupRef(documentOf(d)));
      const current = await store.getRollups(refs);
      const writes = pending.flatMap((delta, i) => {
        const over = current[i];
        const next = applyChanges(over && cellStateOf(over.source), delta.changes, plan.through);
        const doc = next && rollupDocumentOf(delta.bucket, delta.baseCell, next);
        return doc && next ? [{ delta, doc, over, state: next, ref: refs[i] as RollupRef }] : [];
      });
      const results = await store.writeRollups(writes);
      const failed = results.find((r) => r.status === 'retryable' || r.status === 'poison');
      if (failed) {
        // A rollup document is built by us from the contract: a rejection is a bug or an outage.
        throw new RetryableError(`rollup write: ${failed.reason ?? failed.status}`);
      }
      // `stale`: another writer moved the document since we read it; read and apply again.
      pending = writes.flatMap((w, i) => (results[i]?.status === 'stale' ? [w.delta] : []));
      for (const [i, { doc, state, ref }] of writes.entries()) {
        if (results[i]?.status === 'written') {
          written.set(refKey(ref), state);
          this.documents.inc({ metric: doc.metric, interval: doc.interval });
        }
      }
    }
    return written;
  }

  private outcomeOf(
    c: EventContribution,
    changed: boolean,
    poison: ReadonlyMap<string, string>,
  ): HandleOutcome {
    if (!c.doc) {
      this.events.inc({ source: 'unknown', result: 'skipped' });
      return { kind: 'skip', reason: 'no start time: belongs to no bucket' };
    }
    const id = contributionId(c.doc);
    const reason = poison.get(id);
    if (reason !== undefined) {
      this.events.inc({ source: c.doc.source, result: 'dead-letter' });
      return {
        kind: 'dead-letter',
        reason: 'contribution rejected',
        error: new PermanentError(reason),
      };
    }
    this.events.inc({ source: c.doc.source, result: changed ? 'written' : 'stale' });
    return changed
      ? { kind: 'done', produce: [] }
      : { kind: 'skip', reason: 'duplicate or older version' };
  }
}

/** The identity of the rollup document a delta changes. */
function documentOf(
  delta: DocumentDelta,
): Pick<
  RollupDocument,
  'metric' | 'interval' | 'tenantId' | 'bucketStart' | 'dimension' | 'value'
> {
  const cell = parseCell(delta.baseCell) as ParsedCell;
  return { ...delta.bucket, metric: cell.metric, dimension: cell.dimension, value: cell.value };
}

/** Milliseconds since the previous call (or since creation). */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = Math.round(now - last);
    last = now;
    return elapsed;
  };
}
