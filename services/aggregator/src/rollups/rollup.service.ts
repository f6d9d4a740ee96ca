import { PermanentError, RetryableError } from '@callrecords/contracts';
import type { RollupDocument } from '@callrecords/contracts';
import type { ConsumedEvent, HandleOutcome, OutgoingMessage } from '@callrecords/kafka';
import { Counter, Histogram } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { AlertService } from '../alerts/alert.service';
import type { ContributionState } from '../contributions/contribution-state';
import type { AlertRulesConfig } from '../domain/alert-rules';
import { parseCell } from '../domain/cells';
import type { ParsedCell } from '../domain/cells';
import { planDeltas } from '../domain/cell-deltas';
import type { DeltaPlan, DocumentDelta } from '../domain/cell-deltas';
import { applyChanges, cellStateOf, rollupDocumentOf } from '../domain/cell-state';
import type { CellState } from '../domain/cell-state';
import { contributionId } from '../domain/contribution-plan';
import type { ContributionDocument } from '../domain/contribution-plan';
import type { ContributionWorkers } from './contribution-workers';
import { RollupCache } from './rollup-cache';
import type { CachedRollup } from './rollup-cache';
import { refKey } from './rollup-store.repository';
import type { Stage, StageClock } from './stage-clock';
import type { RollupRef, RollupStoreRepository } from './rollup-store.repository';
import type { AggregatorInput, EventContribution } from './to-contribution';
import { windowAlerts } from './window-alerts';

export interface RollupServiceDeps {
  readonly store: RollupStoreRepository;
  readonly contributions: ContributionState;
  /** Rollup documents whose last written state is kept (LRU). */
  readonly cacheDocuments: number;
  readonly alerts: AlertService;
  readonly rules: AlertRulesConfig;
  /** Decodes (with workers) and computes each message's contribution. */
  readonly contributor: ContributionWorkers;
  /** Wall time per stage (shared with the consumer's decoding). */
  readonly clock: StageClock;
  readonly logger: Logger;
  readonly registry: Registry;
}

// Another partition (or replica) writing the same rollup document between our read and our write
// makes us read and apply again; this many rounds in a row means something is wrong.
const MAX_WRITE_ROUNDS = 20;

/**
 * One batch (of one source partition): each record's delta (new contribution minus the one in the
 * partition's state), applied once to every rollup document it changes (a document remembers the
 * last offset per source partition it holds, and is written only over the version it was read or
 * last written at), then alerts. The new contributions go out as changelog messages in the
 * transaction that commits the batch's offsets. Throws RetryableError on an OpenSearch fault:
 * nothing is committed and the batch comes again; documents that already hold its offsets skip it,
 * so the numbers stay exact.
 */
export class RollupService {
  private readonly events: Counter;
  private readonly documents: Counter;
  private readonly duration: Histogram;
  private readonly cache: RollupCache;
  /** The last batch's computation (settled either way) and rollup writes. */
  private computeTail: Promise<unknown> = Promise.resolve();
  private writeTail: Link = { settled: true, ok: Promise.resolve(true), settle: () => undefined };

  constructor(private readonly deps: RollupServiceDeps) {
    this.cache = new RollupCache(deps.cacheDocuments);
    this.events = new Counter({
      name: 'callrecords_aggregator_events_total',
      help: 'Consumed events, by source and result (written, stale, skipped)',
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
      help: 'Time to roll up one batch (state, deltas, rollups, alerts)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [deps.registry],
    });
  }

  /**
   * Batches may come before the previous one returned (the runner's pipeline, offset order): each
   * is computed after the previous one's computation (its state lookups see what that one staged)
   * and written after the previous one's rollups, so one batch's rollup bulk and another's
   * transaction are in flight while the next is computed. A batch whose predecessor failed while
   * it waited fails too (its deltas assumed the predecessor's); one that comes after a failure
   * settled (a redelivery) starts afresh.
   */
  async handle(consumed: readonly ConsumedEvent<AggregatorInput>[]): Promise<HandleOutcome[]> {
    const stop = this.duration.startTimer();
    const lap = this.deps.clock.enter();
    const computing = this.computeTail.then(() => this.compute(consumed, lap));
    this.computeTail = computing.catch(() => undefined);
    const previous = this.writeTail;
    const inherits = !previous.settled;
    const link = openLink();
    this.writeTail = link;
    try {
      const batch = await computing;
      if (inherits && !(await previous.ok)) {
        throw new RetryableError('an earlier batch of the pipeline failed');
      }
      lap('queued');
      await this.write(batch, lap);
      link.settle(true);
      return batch.outcomes;
    } catch (error) {
      link.settle(false);
      throw error;
    } finally {
      this.deps.clock.leave();
      stop();
    }
  }

  /** State, contributions, deltas and changelog messages of a batch (staged in the state). */
  private async compute(
    consumed: readonly ConsumedEvent<AggregatorInput>[],
    lap: (stage: Stage) => void,
  ): Promise<ComputedBatch> {
    lap('queued');
    const { contributions: state } = this.deps;
    const positions = consumed.map((c) => ({
      partitionKey: `${c.topic}/${c.partition}`,
      offset: Number(c.offset),
    }));
    await state.prepare(firstOffsets(positions));
    lap('prepare');
    const contributions = await this.deps.contributor.contribute(consumed.map((c) => c.event));
    lap('contribute');
    const stored = this.storedContributions(contributions, positions);
    lap('lookup');
    const plan = planDeltas(
      positions.map((position, i) => ({
        position,
        ...(contributions[i]?.doc ? { doc: contributions[i].doc } : {}),
      })),
      stored,
    );
    lap('plan');
    const outcomes = contributions.map((c, i) => this.outcomeOf(c, plan.changed[i] === true));
    this.stageChangelog(plan, { contributions, positions }, outcomes);
    lap('changelog');
    return { plan, contributions, outcomes };
  }

  /** The batch's rollup documents, then its alerts. */
  private async write(batch: ComputedBatch, lap: (stage: Stage) => void): Promise<void> {
    const { plan, contributions } = batch;
    await this.applyDeltas(plan);
    lap('rollups');
    const windows = await windowAlerts(plan.deltas.values(), {
      ...this.deps,
      states: (refs) => this.statesOf(refs),
    });
    await this.deps.alerts.raise([
      ...contributions.flatMap((c) => (c.alert ? [c.alert] : [])),
      ...windows,
    ]);
    lap('alerts');
    this.deps.logger.debug(
      { events: contributions.length, documents: plan.deltas.size },
      'batch rolled up',
    );
  }

  /** Wall time per stage, for the consumer's decoding too. */
  get clock(): StageClock {
    return this.deps.clock;
  }

  /** Stops the contribution workers (after the consumer stopped). */
  close(): Promise<void> {
    return this.deps.contributor.close();
  }

  /** Each record's current contribution, from the state of the partition it came from. */
  private storedContributions(
    contributions: readonly EventContribution[],
    positions: readonly { readonly partitionKey: string }[],
  ): Map<string, ContributionDocument> {
    const idsByPart = new Map<string, string[]>();
    contributions.forEach((c, i) => {
      const part = positions[i]?.partitionKey as string;
      if (c.doc) {
        const ids = idsByPart.get(part) ?? [];
        ids.push(contributionId(c.doc));
        idsByPart.set(part, ids);
      }
    });
    return new Map(
      [...idsByPart].flatMap(([part, ids]) => [
        ...this.deps.contributions.lookup(part, new Set(ids)),
      ]),
    );
  }

  /**
   * The new contributions of each partition become changelog messages of the batch's transaction,
   * carried by its last `done` outcome (a batch with none changes no state, and sweeps nothing).
   */
  private stageChangelog(
    plan: DeltaPlan,
    batch: {
      readonly contributions: readonly EventContribution[];
      readonly positions: readonly { readonly partitionKey: string }[];
    },
    outcomes: HandleOutcome[],
  ): void {
    const { contributions, positions } = batch;
    const partOf = new Map<string, string>();
    contributions.forEach((c, i) => {
      if (c.doc && plan.changed[i]) {
        partOf.set(contributionId(c.doc), positions[i]?.partitionKey as string);
      }
    });
    // Encoded by a contribution worker already, when there are workers (the plan keeps the docs).
    const encoded = new Map<object, string>();
    for (const c of contributions) {
      if (c.doc && c.encoded !== undefined) {
        encoded.set(c.doc, c.encoded);
      }
    }
    const carrier = outcomes.findLastIndex((o) => o.kind === 'done');
    const messages: OutgoingMessage[] = [];
    for (const [part, lastOffset] of Object.entries(plan.through)) {
      const docs = plan.writes.filter((doc) => partOf.get(contributionId(doc)) === part);
      messages.push(
        ...this.deps.contributions.stage(part, {
          lastOffset,
          docs,
          sweep: carrier >= 0,
          encoded: (doc) => encoded.get(doc),
        }),
      );
    }
    if (messages.length > 0 && carrier >= 0) {
      outcomes[carrier] = { kind: 'done', produce: messages };
    }
  }

  /** Applies the plan to every rollup document it changes. */
  private async applyDeltas(plan: DeltaPlan): Promise<void> {
    const { store } = this.deps;
    let pending = [...plan.deltas.values()];
    for (let round = 1; pending.length > 0; round += 1) {
      if (round > MAX_WRITE_ROUNDS) {
        throw new RetryableError('rollup documents kept changing under concurrent writers');
      }
      const refs = pending.map((d) => store.rollupRef(documentOf(d)));
      const current = await this.current(refs);
      const writes = pending.flatMap((delta, i) => {
        const over = current[i];
        const next = applyChanges(over?.state, delta.changes, {
          through: plan.through,
          changesAfter: (part, after) => plan.changesAfter({ key: delta.key, part, after }),
        });
        const doc = next && rollupDocumentOf(delta.bucket, delta.baseCell, next);
        return doc && next ? [{ delta, doc, over, state: next, ref: refs[i] as RollupRef }] : [];
      });
      const results = await store.writeRollups(writes);
      const failed = results.find((r) => r.status === 'retryable' || r.status === 'poison');
      if (failed) {
        // Whether the other documents were written is unknown: read them again next time.
        writes.forEach((w) => this.cache.delete(refKey(w.ref)));
        // A rollup document is built by us from the contract: a rejection is a bug or an outage.
        throw new RetryableError(`rollup write: ${failed.reason ?? failed.status}`);
      }
      // `stale`: another writer moved the document since we read it; read and apply again.
      pending = writes.flatMap((w, i) => (results[i]?.status === 'stale' ? [w.delta] : []));
      for (const [i, { doc, state, ref }] of writes.entries()) {
        const result = results[i];
        if (result?.status === 'written' && result.seqNo !== undefined) {
          this.cache.set(refKey(ref), {
            state,
            seqNo: result.seqNo,
            primaryTerm: result.primaryTerm ?? 0,
          });
          this.documents.inc({ metric: doc.metric, interval: doc.interval });
        } else {
          this.cache.delete(refKey(ref));
        }
      }
    }
  }

  /** The documents as cached, or read (and cached) when not; undefined for a missing one. */
  private async current(refs: readonly RollupRef[]): Promise<(CachedRollup | undefined)[]> {
    const cached = refs.map((ref) => this.cache.get(refKey(ref)));
    const missing = refs.filter((_, i) => cached[i] === undefined);
    const read = await this.deps.store.getRollups(missing);
    let next = 0;
    return cached.map((entry, i) => {
      if (entry) {
        return entry;
      }
      const stored = read[next];
      next += 1;
      if (!stored) {
        return undefined;
      }
      const fresh = { state: cellStateOf(stored.source), ...positionOf(stored) };
      this.cache.set(refKey(refs[i] as RollupRef), fresh);
      return fresh;
    });
  }

  private async statesOf(refs: readonly RollupRef[]): Promise<CellState[]> {
    const current = await this.current(refs);
    return current.map((entry) => entry?.state ?? { applied: {}, sums: {} });
  }

  private outcomeOf(c: EventContribution, changed: boolean): HandleOutcome {
    if (c.undecodable !== undefined) {
      return {
        kind: 'dead-letter',
        reason: 'undecodable message',
        error: new PermanentError(c.undecodable),
      };
    }
    if (c.pastRetention) {
      return { kind: 'skip', reason: 'past retention' };
    }
    if (!c.doc) {
      this.events.inc({ source: 'unknown', result: 'skipped' });
      return { kind: 'skip', reason: 'no start time: belongs to no bucket' };
    }
    this.events.inc({ source: c.doc.source, result: changed ? 'written' : 'stale' });
    return changed
      ? { kind: 'done', produce: [] }
      : { kind: 'skip', reason: 'duplicate or older version' };
  }
}

interface ComputedBatch {
  readonly plan: DeltaPlan;
  readonly contributions: readonly EventContribution[];
  readonly outcomes: HandleOutcome[];
}

/** A batch's place in the write order: whether its rollups were written. */
interface Link {
  settled: boolean;
  readonly ok: Promise<boolean>;
  settle(ok: boolean): void;
}

function openLink(): Link {
  let resolve: (ok: boolean) => void = () => undefined;
  const link: Link = {
    settled: false,
    ok: new Promise<boolean>((r) => (resolve = r)),
    settle: (ok) => {
      link.settled = true;
      resolve(ok);
    },
  };
  return link;
}

/** The first offset of each source partition in a batch. */
function firstOffsets(
  positions: readonly { readonly partitionKey: string; readonly offset: number }[],
): Map<string, number> {
  const first = new Map<string, number>();
  for (const { partitionKey, offset } of positions) {
    first.set(partitionKey, Math.min(first.get(partitionKey) ?? offset, offset));
  }
  return first;
}

function positionOf(stored: { readonly seqNo: number; readonly primaryTerm: number }) {
  return { seqNo: stored.seqNo, primaryTerm: stored.primaryTerm };
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
