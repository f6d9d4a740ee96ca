import { isCallPastRetention, PermanentError, RetryableError } from '@callrecords/contracts';
import type { IndexId } from '@callrecords/contracts';
import type { ConsumedEvent, HandleOutcome } from '@callrecords/kafka';
import type { BulkItemResult, BulkWriter, VersionedDocument } from '@callrecords/opensearch';
import type { Logger, Registry } from '@callrecords/service-kit';
import type { RetentionPolicy } from '@callrecords/contracts';

import { indexWritesOf } from '../domain/index-writes';
import type { IndexedEvent, IndexWrite } from '../domain/index-writes';
import { indexerMetricsFor } from './indexer-metrics';
import type { OpenedEvent, SealedValueOpener } from './sealed-values';
import type { IndexerMetrics } from './indexer-metrics';

export interface EventIndexerOptions {
  readonly writer: BulkWriter;
  /** Where each index's documents go: the write alias (live) or a generation's (rebuild). */
  readonly targets: Readonly<Record<IndexId, string>>;
  /** How long one call keeps retrying retryable failures before handing the batch back. */
  readonly retryBudgetMs: number;
  /**
   * Sends one document alone. When a whole bulk is refused (a 4xx no retry fixes), each of its
   * documents goes alone, so one bad document is dead-lettered instead of stalling the partition.
   */
  readonly isolate: (doc: VersionedDocument) => Promise<BulkItemResult>;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Events of calls past their tenant's retention are skipped, so no replay brings them back. */
  readonly retention?: RetentionPolicy;
  /** Opens sealed personal values (crypto-shredding); an erased person's show as their pseudonym. */
  readonly opener?: SealedValueOpener;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Pending {
  readonly event: number;
  readonly write: IndexWrite;
}

type Settled = PromiseSettledResult<BulkItemResult>;

interface SettleHandlers {
  readonly onPoison: (item: Pending, reason: string) => void;
  readonly onStale: (item: Pending) => void;
}

const NONE: ReadonlyMap<string, ReadonlySet<string>> = new Map();

// Each document records whose clear values it holds, so an erasure finds and rewrites it.
function withPersons(
  write: IndexWrite,
  persons: ReadonlyMap<string, ReadonlySet<string>>,
): IndexWrite {
  if (persons.size === 0) {
    return write;
  }
  const personValues = Object.fromEntries([...persons].map(([pn, values]) => [pn, [...values]]));
  return { ...write, document: { ...write.document, persons: [...persons.keys()], personValues } };
}

const BACKOFF_MS = [100, 250, 500, 1_000, 2_000];

// Documents handed to the writer between two turns of the event loop. Without the turns, the
// partitions of one fetch (handlers chained by promises) decoded, mapped and serialized every
// document before the first bulk left the process: OpenSearch idled through all of the CPU work
// and the service took the sum of both instead of the larger (the bench's timeline, issue #15).
const DOCS_PER_TURN = 200;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// Settled at once, so a bulk that fails while later documents are still being added is never an
// unhandled rejection.
const settledOf = (result: Promise<BulkItemResult>): Promise<Settled> =>
  result.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason: unknown) => ({ status: 'rejected', reason }),
  );

/**
 * Turns consumed events into versioned bulk writes and decides each event's outcome: `done` when
 * every document is written, `skip` when all were stale (a duplicate or an older version),
 * `dead-letter` when a document is poison or the event cannot be mapped. Retryable failures are
 * retried within the budget, then the call throws so nothing is committed and Kafka redelivers.
 */
export class EventIndexer {
  private readonly metrics: IndexerMetrics;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: EventIndexerOptions) {
    this.metrics = indexerMetricsFor(options.registry);
    this.now = options.now ?? Date.now;
    this.sleep =
      options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
  }

  async handle(batch: readonly ConsumedEvent<IndexedEvent>[]): Promise<HandleOutcome[]> {
    const opened = await this.openAll(batch);
    const failures = new Map<number, { reason: string; error: unknown }>();
    const stale = new Map<number, number>();
    const { pending, sent, expired } = await this.mapAndAdd(opened, failures);
    const writesPer = countPerEvent(pending);
    await this.writeAll(pending, await Promise.all(sent), {
      onPoison: (item, reason) => {
        failures.set(item.event, {
          reason: `${item.write.index} ${item.write.id}: ${reason}`,
          error: new PermanentError(reason),
        });
      },
      onStale: (item) => stale.set(item.event, (stale.get(item.event) ?? 0) + 1),
    });
    return batch.map((_, event) => {
      if (expired.has(event)) {
        return { kind: 'skip', reason: 'past retention' };
      }
      const failure = failures.get(event);
      if (failure) {
        return { kind: 'dead-letter', ...failure };
      }
      const allStale = (writesPer.get(event) ?? 0) > 0 && stale.get(event) === writesPer.get(event);
      return allStale
        ? { kind: 'skip', reason: 'every document already at this or a newer version' }
        : { kind: 'done', produce: [] };
    });
  }

  // Maps each event and hands its documents to the writer at once, with a turn of the event loop
  // before the first and after every DOCS_PER_TURN documents: bulks already full are sent, and
  // answers read, while the rest of this batch and the other partitions' are still mapped.
  private async mapAndAdd(
    opened: readonly OpenedEvent[],
    failures: Map<number, { reason: string; error: unknown }>,
  ): Promise<{ pending: Pending[]; sent: Promise<Settled>[]; expired: Set<number> }> {
    const { retention } = this.options;
    const pending: Pending[] = [];
    const sent: Promise<Settled>[] = [];
    const expired = new Set<number>();
    let turnAt = 0;
    for (const [event, open] of opened.entries()) {
      if (sent.length >= turnAt) {
        await nextTurn();
        turnAt = sent.length + DOCS_PER_TURN;
      }
      if (retention && isCallPastRetention(retention, open.event, this.now())) {
        expired.add(event);
        continue;
      }
      for (const write of this.writesOf(event, open, failures)) {
        pending.push({ event, write });
        sent.push(settledOf(this.add(write)));
      }
    }
    return { pending, sent, expired };
  }

  private writesOf(
    event: number,
    { event: shown, persons }: OpenedEvent,
    failures: Map<number, { reason: string; error: unknown }>,
  ): IndexWrite[] {
    try {
      return indexWritesOf(shown).map((write) => withPersons(write, persons));
    } catch (error) {
      // Our own messages (PermanentError from the domain): no payload data in them.
      const cause = error instanceof Error ? error.message : 'unknown';
      failures.set(event, { reason: `unmappable event: ${cause}`, error });
      return [];
    }
  }

  // Sealed personal values opened first (crypto-shredding); an erased person's are pseudonyms.
  private openAll(batch: readonly ConsumedEvent<IndexedEvent>[]): Promise<OpenedEvent[]> {
    const { opener } = this.options;
    return Promise.all(
      batch.map((c) =>
        opener ? opener.open(c.event) : Promise.resolve({ event: c.event, persons: NONE }),
      ),
    );
  }

  // `first` is how the items' first sending ended (mapAndAdd sent them); retries are sent here.
  private async writeAll(
    items: readonly Pending[],
    first: readonly Settled[],
    on: SettleHandlers,
  ): Promise<void> {
    const deadline = this.now() + this.options.retryBudgetMs;
    let pending = items;
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      const settled = attempt === 0 ? first : await this.addAll(pending);
      const refused = pending.filter((_, position) => isRefused(settled[position] as Settled));
      const isolated = await this.isolateAll(refused);
      const retry = pending.filter((item, position) =>
        this.settle(item, isolated.get(item) ?? (settled[position] as Settled), on),
      );
      if (retry.length > 0 && this.now() >= deadline) {
        throw new RetryableError(
          `${retry.length} documents still failing after ${this.options.retryBudgetMs} ms`,
        );
      }
      if (retry.length > 0) {
        await this.sleep(BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)] ?? 1_000);
      }
      pending = retry;
    }
  }

  /** Records a final outcome; returns true when the item must be sent again. */
  private settle(item: Pending, result: Settled, on: SettleHandlers): boolean {
    if (result.status === 'rejected') {
      if (result.reason instanceof RetryableError) {
        this.metrics.retries.inc({ reason: 'bulk' });
        return true;
      }
      if (!isBadRequest(result.reason)) {
        // 401/403 and the like: configuration, not data. Nothing is committed; readiness shows it.
        throw result.reason;
      }
    }
    const { status, reason } =
      result.status === 'fulfilled' ? result.value : poisonOf(item.write, result.reason);
    if (status === 'retryable') {
      this.metrics.retries.inc({ reason: 'item' });
      return true;
    }
    const index = item.write.index;
    this.metrics.documents.inc({ index, outcome: status });
    if (status === 'poison') {
      this.options.logger.warn({ index, id: item.write.id, reason }, 'poison document');
      on.onPoison(item, reason ?? 'rejected');
    } else if (status === 'stale') {
      on.onStale(item);
    }
    return false;
  }

  // Adds in slices with a turn of the event loop between them, so full bulks are sent (and the
  // answers of earlier ones read) while the rest is still being serialized.
  private async addAll(items: readonly Pending[]): Promise<Settled[]> {
    const results: Promise<Settled>[] = [];
    for (let start = 0; start < items.length; start += DOCS_PER_TURN) {
      if (start > 0) {
        await nextTurn();
      }
      for (const item of items.slice(start, start + DOCS_PER_TURN)) {
        results.push(settledOf(this.add(item.write)));
      }
    }
    return Promise.all(results);
  }

  private add(write: IndexWrite): Promise<BulkItemResult> {
    return this.options.writer.add(this.toVersioned(write));
  }

  private toVersioned(write: IndexWrite): VersionedDocument {
    return {
      index: this.options.targets[write.index],
      id: write.id,
      version: write.version,
      document: write.document,
    };
  }

  // One at a time: refusals are rare, and this is exactly the moment to be gentle.
  private async isolateAll(items: readonly Pending[]): Promise<Map<Pending, Settled>> {
    const results = new Map<Pending, Settled>();
    for (const item of items) {
      const [settled] = await Promise.allSettled([
        this.options.isolate(this.toVersioned(item.write)),
      ]);
      results.set(item, settled);
    }
    return results;
  }
}

function isRefused(result: Settled): boolean {
  return result.status === 'rejected' && isBadRequest(result.reason);
}

// A request-level 400 (e.g. an `_id` over 512 bytes fails the whole bulk's validation).
function isBadRequest(error: unknown): boolean {
  return error instanceof PermanentError && /answered 400\b/.test(error.message);
}

function poisonOf(write: IndexWrite, error: unknown): BulkItemResult {
  const reason = error instanceof Error ? error.message : 'refused';
  return { id: write.id, index: write.index, status: 'poison', reason };
}

function countPerEvent(items: readonly Pending[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const item of items) {
    counts.set(item.event, (counts.get(item.event) ?? 0) + 1);
  }
  return counts;
}
