import { RetryableError } from '@callrecords/contracts';
import { readPartitions } from '@callrecords/kafka';
import type { GroupAssignment, Kafka, OutgoingMessage, ReadMessage } from '@callrecords/kafka';
import { Gauge, Histogram } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import {
  contributionId,
  decodeContribution,
  encodeContribution,
} from '../domain/contribution-plan';
import type { ContributionDocument } from '../domain/contribution-plan';
import { cutoffOf } from '../domain/contribution-cutoffs';
import type { ContributionCutoffs } from '../domain/contribution-cutoffs';
import type { ContributionStore, StoredContribution } from './contribution-store.repository';

export interface ContributionStateDeps {
  readonly kafka: Kafka;
  readonly store: ContributionStore;
  /** The changelog topic (prefixed) and its partition count. */
  readonly changelog: { readonly topic: string; readonly partitions: number };
  /** The source topics (prefixed) whose partitions this state follows. */
  readonly sources: readonly string[];
  /** First kept hour (ISO) per tenant: AGGREGATOR_RETENTION_DAYS and PRIVACY_RETENTION_DAYS. */
  readonly cutoffs: () => ContributionCutoffs;
  readonly now: () => number;
  readonly logger: Logger;
  readonly registry: Registry;
}

/** What a batch changes in one partition's state: applied once its offsets are committed. */
interface Staged {
  readonly lastOffset: number;
  readonly puts: readonly StoredContribution[];
  readonly removes: readonly string[];
  /** The batch's contributions by id (undefined: removed), read by lookups until it is applied. */
  readonly overlay: ReadonlyMap<string, ContributionDocument | undefined>;
}

const SWEEP_EVERY_MS = 3_600_000;
const SWEEP_LIMIT = 10_000;
const RESTORE_CHUNK = 1_000;

/**
 * The aggregator's state, Kafka-Streams style: each source record's last contribution, kept per
 * source partition (`topic/partition`) in the local store and, durably, in a compacted changelog
 * topic (key `topic/partition|contributionId`, partition = source partition mod the changelog's
 * count). A batch's changelog messages go out in the Kafka transaction that commits its offsets; the
 * local store takes them only once the runner reports that commit (`committed`), so it never holds
 * an aborted batch; until then lookups read them from memory (the next batch, handled while this
 * one commits, must see them), and a batch consumed again drops them. A partition newly assigned (or every
 * partition, when this member rejoined under a new id) is restored from the changelog first.
 */
export class ContributionState {
  private memberId: string | undefined;
  /** Partitions assigned to this member at its last join. */
  private assigned = new Set<string>();
  /** Partitions assigned to this member whose local state equals the changelog. */
  private readonly restored = new Set<string>();
  /** Per partition, the staged batches not known to be committed yet, in offset order. */
  private readonly staged = new Map<string, Staged[]>();
  private readonly sweptAt = new Map<string, number>();
  private restoring: Promise<void> | undefined;
  /** Group joins seen: a restore that overlapped one is not trusted. */
  private joins = 0;
  private readonly restoreSeconds: Histogram;
  private readonly restoredEntries: Gauge;

  constructor(private readonly deps: ContributionStateDeps) {
    this.restoreSeconds = new Histogram({
      name: 'callrecords_aggregator_state_restore_seconds',
      help: 'Time to restore assigned partitions from the contributions changelog',
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300],
      registers: [deps.registry],
    });
    this.restoredEntries = new Gauge({
      name: 'callrecords_aggregator_state_restored_entries',
      help: 'Contributions read from the changelog by the last restore',
      registers: [deps.registry],
    });
  }

  /** The runner's group join: forget the partitions that left; a new member id forgets all. */
  onAssignment(assignment: GroupAssignment): void {
    const assigned = new Set(
      this.deps.sources.flatMap((topic) =>
        (assignment.partitions[topic] ?? []).map((p) => `${topic}/${p}`),
      ),
    );
    const rejoined = assignment.memberId !== this.memberId;
    this.joins += 1;
    this.assigned = assigned;
    this.memberId = assignment.memberId;
    for (const part of [...this.restored]) {
      if (rejoined || !assigned.has(part)) {
        this.forget(part);
      }
    }
  }

  /**
   * Makes the state of these partitions current before a batch: restores the ones not restored,
   * and drops what earlier batches staged from the batch's first offset on (they were not
   * committed: the partition is consumed from there again). Batches staged before it stay visible
   * to lookups, committed or still committing (a pipelined consumer hands a batch on while the
   * previous one commits), until `committed` applies them.
   */
  async prepare(firstOffsets: ReadonlyMap<string, number>): Promise<void> {
    for (;;) {
      if ([...firstOffsets.keys()].every((part) => this.restored.has(part))) {
        break;
      }
      // Every assigned partition in one read of the changelog; one restore at a time.
      const missing = [...new Set([...this.assigned, ...firstOffsets.keys()])].filter(
        (part) => !this.restored.has(part),
      );
      this.restoring ??= this.restore(missing).finally(() => (this.restoring = undefined));
      await this.restoring;
    }
    for (const [part, first] of firstOffsets) {
      const kept = (this.staged.get(part) ?? []).filter((batch) => batch.lastOffset < first);
      this.staged.set(part, kept);
    }
  }

  /**
   * A partition's offsets were committed up to `nextOffset` (exclusive): the batches staged before
   * it are final, and go to the local store in order.
   */
  committed(part: string, nextOffset: number): void {
    const queue = this.staged.get(part);
    if (!queue || !this.restored.has(part)) {
      return;
    }
    while (queue.length > 0 && (queue[0] as Staged).lastOffset < nextOffset) {
      const { puts, removes } = queue.shift() as Staged;
      this.deps.store.write(part, puts, removes);
    }
  }

  /** The current contributions of these ids in a partition; those older than the retention are gone. */
  lookup(part: string, ids: Iterable<string>): Map<string, ContributionDocument> {
    const wanted = [...ids];
    const found = this.deps.store.get(part, wanted);
    // Batches staged and not applied yet, oldest first: a later one wins.
    for (const { overlay } of this.staged.get(part) ?? []) {
      overlayOnto(found, overlay, wanted);
    }
    const cutoffs = this.deps.cutoffs();
    for (const [id, doc] of found) {
      const cutoff = cutoffOf(cutoffs, doc.tenantId);
      if (cutoff !== undefined && doc.hourStart < cutoff) {
        found.delete(id);
      }
    }
    return found;
  }

  /**
   * Stages a batch's new contributions of a partition (and, at most hourly, removals of those past
   * the retention) and answers the changelog messages that must go out in the batch's transaction.
   * `sweep`: whether the batch can carry removals (it produces something).
   */
  stage(
    part: string,
    batch: {
      /** The batch's last offset in the partition. */
      readonly lastOffset: number;
      readonly docs: readonly ContributionDocument[];
      readonly sweep: boolean;
      /** A doc's encodeContribution, when a contribution worker computed it already. */
      readonly encoded?: (doc: ContributionDocument) => string | undefined;
    },
  ): OutgoingMessage[] {
    const { lastOffset, docs, sweep } = batch;
    const puts = docs.map((doc) => ({
      id: contributionId(doc),
      hourStart: doc.hourStart,
      value: batch.encoded?.(doc) ?? encodeContribution(doc),
    }));
    const removes = sweep ? this.expired(part, new Set(puts.map((p) => p.id))) : [];
    const overlay = new Map<string, ContributionDocument | undefined>();
    removes.forEach((id) => overlay.set(id, undefined));
    docs.forEach((doc, i) => overlay.set((puts[i] as StoredContribution).id, doc));
    const queue = this.staged.get(part) ?? [];
    queue.push({ lastOffset, puts, removes, overlay });
    this.staged.set(part, queue);
    const partition = this.changelogPartition(part);
    const { topic } = this.deps.changelog;
    return [
      ...puts.map(({ id, value }) => ({
        topic,
        partition,
        key: `${part}|${id}`,
        value: Buffer.from(value),
      })),
      ...removes.map((id) => ({ topic, partition, key: `${part}|${id}`, value: null })),
    ];
  }

  private expired(part: string, keep: ReadonlySet<string>): string[] {
    const cutoffs = this.deps.cutoffs();
    const now = this.deps.now();
    const none = cutoffs.default === undefined && [...cutoffs.byTenant.values()].every((c) => !c);
    if (none || now - (this.sweptAt.get(part) ?? 0) < SWEEP_EVERY_MS) {
      return [];
    }
    this.sweptAt.set(part, now);
    // Not a record a batch still being committed put again (its hour may be a later one).
    const pending = (id: string): boolean =>
      (this.staged.get(part) ?? []).some(({ overlay }) => overlay.has(id));
    return this.deps.store
      .expired(part, cutoffs, SWEEP_LIMIT)
      .filter((id) => !keep.has(id) && !pending(id));
  }

  private forget(part: string): void {
    this.restored.delete(part);
    this.staged.delete(part);
    this.sweptAt.delete(part);
    this.deps.store.clear(part);
  }

  private changelogPartition(part: string): number {
    const partition = Number(part.slice(part.lastIndexOf('/') + 1));
    return partition % this.deps.changelog.partitions;
  }

  private async restore(parts: readonly string[]): Promise<void> {
    const started = performance.now();
    const joins = this.joins;
    const wanted = new Set(parts);
    for (const part of parts) {
      this.deps.store.clear(part);
    }
    let entries = 0;
    let chunk: ReadMessage[] = [];
    const flush = (): void => {
      for (const [part, puts, removes] of this.decodeChunk(chunk, wanted)) {
        this.deps.store.write(part, puts, removes);
      }
      entries += chunk.length;
      chunk = [];
    };
    const { complete } = await readPartitions(this.deps.kafka, this.deps.changelog.topic, {
      partitions: [...new Set(parts.map((part) => this.changelogPartition(part)))],
      onMessage: (message) => {
        chunk.push(message);
        if (chunk.length >= RESTORE_CHUNK) {
          flush();
        }
      },
      idleTimeoutMs: 15_000,
      maxWaitMs: Number.POSITIVE_INFINITY,
    });
    flush();
    if (!complete) {
      // Not an error line: the batch fails, nothing is committed, and it comes again.
      throw new RetryableError('contributions changelog: restore did not reach the end');
    }
    if (joins !== this.joins) {
      // The assignment changed meanwhile: these partitions may have moved; the next batch restores.
      return;
    }
    parts.forEach((part) => this.restored.add(part));
    const seconds = (performance.now() - started) / 1000;
    this.restoreSeconds.observe(seconds);
    this.restoredEntries.set(entries);
    this.deps.logger.info(
      { partitions: parts.length, entries, seconds: Number(seconds.toFixed(2)) },
      'contributions restored from the changelog',
    );
  }

  // Per partition, the last value of each key in the chunk (a tombstone removes it).
  private decodeChunk(
    chunk: readonly ReadMessage[],
    wanted: ReadonlySet<string>,
  ): [string, StoredContribution[], string[]][] {
    const latest = new Map<string, Map<string, StoredContribution | undefined>>();
    for (const message of chunk) {
      const key = message.key?.toString() ?? '';
      const split = key.indexOf('|');
      const part = key.slice(0, split);
      if (split < 0 || !wanted.has(part)) {
        continue;
      }
      const id = key.slice(split + 1);
      const value = message.value?.toString();
      const hourStart = value === undefined ? undefined : decodeContribution(value).hourStart;
      // Past the retention too: lookups ignore it, and the owner's next sweep removes it.
      const kept =
        value !== undefined && hourStart !== undefined ? { id, hourStart, value } : undefined;
      let byId = latest.get(part);
      if (!byId) {
        byId = new Map();
        latest.set(part, byId);
      }
      byId.set(id, kept);
    }
    return [...latest].map(([part, byId]) => {
      const entries = [...byId];
      return [
        part,
        entries.flatMap(([, stored]) => (stored ? [stored] : [])),
        entries.flatMap(([id, stored]) => (stored ? [] : [id])),
      ];
    });
  }
}

/** A staged batch's contributions of these ids over the ones found (undefined: removed). */
function overlayOnto(
  found: Map<string, ContributionDocument>,
  overlay: ReadonlyMap<string, ContributionDocument | undefined>,
  ids: readonly string[],
): void {
  for (const id of ids) {
    if (!overlay.has(id)) {
      continue;
    }
    const doc = overlay.get(id);
    if (doc) {
      found.set(id, doc);
    } else {
      found.delete(id);
    }
  }
}
