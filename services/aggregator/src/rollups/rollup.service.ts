import { PermanentError, RetryableError } from '@callrecords/contracts';
import type { HandleOutcome, ConsumedEvent } from '@callrecords/kafka';
import { Counter, Histogram } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { AlertService } from '../alerts/alert.service';
import { poorCallAlerts, trunkFailureAlerts } from '../domain/alert-rules';
import type { AlertCandidate, AlertRulesConfig } from '../domain/alert-rules';
import { hoursEndingAt } from '../domain/buckets';
import { cellKey, totalCell } from '../domain/cells';
import { contributionId, planContributions } from '../domain/contribution-plan';
import type { ContributionDocument, RecomputeTarget } from '../domain/contribution-plan';
import { rollupDocuments } from '../domain/rollup-documents';
import type { RecordContributionOptions } from '../domain/record-contribution';
import type { RollupStoreRepository } from './rollup-store.repository';
import { toContribution } from './to-contribution';
import type { AggregatorEvent, EventContribution } from './to-contribution';

export interface RollupServiceDeps {
  readonly store: RollupStoreRepository;
  readonly alerts: AlertService;
  readonly rules: AlertRulesConfig;
  readonly contributionOptions: RecordContributionOptions;
  readonly logger: Logger;
  readonly registry: Registry;
}

const POOR_CALL_CELLS = [
  totalCell('calls'),
  cellKey('calls', 'subnet', ''),
  cellKey('calls', 'site', ''),
];
const TRUNK_CELLS = [cellKey('direct-routing', 'trunk', '')];

/**
 * One batch: store each record's contribution (versioned), recompute every bucket it touched from
 * all stored contributions, write the rollups, then evaluate the alert rules on the touched hours.
 * Throws RetryableError on an OpenSearch fault: nothing is committed and the batch comes again,
 * which recomputes the same buckets (idempotent by construction).
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
    const contributions = consumed.map((c) =>
      toContribution(c.event, { ...this.deps.contributionOptions, rules: this.deps.rules }),
    );
    const incoming = contributions.flatMap((c) => (c.doc ? [c.doc] : []));
    const stored = await this.deps.store.getContributions([
      ...new Set(incoming.map(contributionId)),
    ]);
    const plan = planContributions(incoming, stored);
    const prepareMs = lap();
    const poison = await this.writeContributions(plan.writes);
    const contributionsMs = lap();
    await this.recompute(plan.targets);
    const rollupsMs = lap();
    await this.deps.alerts.raise([
      ...contributions.flatMap((c) => (c.alert ? [c.alert] : [])),
      ...(await this.windowAlerts(plan.targets)),
    ]);
    const alertsMs = lap();
    stop();
    this.deps.logger.debug(
      {
        events: consumed.length,
        buckets: plan.targets.length,
        prepareMs,
        contributionsMs,
        rollupsMs,
        alertsMs,
      },
      'batch rolled up',
    );
    const written = new Map(plan.writes.map((w) => [contributionId(w), w.version]));
    return contributions.map((c) => this.outcomeOf(c, written, poison));
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

  private async recompute(targets: readonly RecomputeTarget[]): Promise<void> {
    const sums = await this.deps.store.sumBuckets(targets.map((t) => t.bucket));
    const docs = targets.flatMap((target, i) => {
      const bucketSums = sums[i];
      return bucketSums
        ? rollupDocuments(target.bucket, bucketSums.sums, target.cells).map((doc) => ({
            doc,
            asOf: bucketSums.asOf,
          }))
        : [];
    });
    const results = await this.deps.store.writeRollups(docs);
    const failed = results.find((r) => r.status === 'retryable' || r.status === 'poison');
    if (failed) {
      // A rollup document is built by us from the contract: a rejection is a bug or an outage.
      throw new RetryableError(`rollup write: ${failed.reason ?? failed.status}`);
    }
    for (const { doc } of docs) {
      this.documents.inc({ metric: doc.metric, interval: doc.interval });
    }
  }

  // Every touched hour is the newest hour of one window per rule; all windows go in one multi-search.
  private async windowAlerts(targets: readonly RecomputeTarget[]): Promise<AlertCandidate[]> {
    const { rules, store } = this.deps;
    const hours = targets.filter((t) => t.bucket.interval === 'hour').map((t) => t.bucket);
    const queries = hours.flatMap(({ tenantId, bucketStart }) => [
      {
        tenantId,
        hourStarts: hoursEndingAt(bucketStart, rules.poorCall.windowHours),
        cellPrefixes: POOR_CALL_CELLS,
      },
      {
        tenantId,
        hourStarts: hoursEndingAt(bucketStart, rules.trunkFailure.windowHours),
        cellPrefixes: TRUNK_CELLS,
      },
    ]);
    const sums = await store.sumWindows(queries);
    return hours.flatMap(({ tenantId, bucketStart }, i) => [
      ...poorCallAlerts(
        { tenantId, hourStart: bucketStart, sums: sums[2 * i] ?? new Map() },
        rules,
      ),
      ...trunkFailureAlerts(
        { tenantId, hourStart: bucketStart, sums: sums[2 * i + 1] ?? new Map() },
        rules,
      ),
    ]);
  }

  private outcomeOf(
    c: EventContribution,
    writes: ReadonlyMap<string, number>,
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
    const written = writes.get(id) === c.doc.version;
    this.events.inc({ source: c.doc.source, result: written ? 'written' : 'stale' });
    return written
      ? { kind: 'done', produce: [] }
      : { kind: 'skip', reason: 'duplicate or older version' };
  }
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
