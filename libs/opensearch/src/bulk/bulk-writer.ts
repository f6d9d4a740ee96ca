import type { Client } from '@opensearch-project/opensearch';

import { PermanentError, RetryableError } from '@callrecords/contracts';
import type { Registry } from '@callrecords/service-kit';

import type { BulkItemResult } from './bulk-item';
import { bulkMetricsFor } from './bulk-metrics';
import type { BulkMetrics } from './bulk-metrics';
import { sendBulk, serializeVersionedDocument } from './bulk-upsert';
import type { BulkUpsertOptions, SerializedDocument, VersionedDocument } from './bulk-upsert';

export interface BulkWriterOptions {
  /** Flush when the buffered NDJSON reaches this size (default 5 MiB). */
  readonly maxBytes?: number;
  /** Flush when this many documents are buffered (default 1,000). */
  readonly maxDocs?: number;
  /** Flush this long after the first buffered document (default 1,000 ms). */
  readonly maxDelayMs?: number;
  /** Bulk requests in flight at once; full batches wait their turn (default 1). */
  readonly maxConcurrentBulks?: number;
  readonly refresh?: BulkUpsertOptions['refresh'];
  /** Where the bulk latency histogram and item counter go. */
  readonly registry?: Registry;
}

/** Sends one batch; BulkWriter's seam for tests with an in-memory fake. */
export type BulkSender = (docs: readonly SerializedDocument[]) => Promise<BulkItemResult[]>;

interface Pending {
  readonly doc: SerializedDocument;
  readonly resolve: (result: BulkItemResult) => void;
  readonly reject: (error: unknown) => void;
}

/** A BulkWriter that sends its batches with `bulkUpsertVersioned` semantics through `client`. */
export function createBulkWriter(client: Client, options: BulkWriterOptions = {}): BulkWriter {
  const refresh = options.refresh === undefined ? {} : { refresh: options.refresh };
  return new BulkWriter((docs) => sendBulk(client, docs, refresh), options);
}

/**
 * Batches versioned documents into bulk requests by size, count or delay. `add` resolves with the
 * item's result once its bulk has completed (commit offsets only then), or rejects with the bulk's
 * RetryableError/PermanentError. Awaiting those promises is the back-pressure.
 */
export class BulkWriter {
  private readonly maxBytes: number;
  private readonly maxDocs: number;
  private readonly maxDelayMs: number;
  private readonly maxConcurrentBulks: number;
  private readonly metrics: BulkMetrics;
  private buffer: Pending[] = [];
  private bufferBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: Pending[][] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightDocs = 0;
  private closed = false;

  constructor(
    private readonly send: BulkSender,
    options: BulkWriterOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.maxDocs = options.maxDocs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 1_000;
    this.maxConcurrentBulks = options.maxConcurrentBulks ?? 1;
    this.metrics = bulkMetricsFor(options.registry);
  }

  /** Documents accepted and not yet settled (buffered, queued or in flight). */
  get pendingDocs(): number {
    const queued = this.queue.reduce((total, batch) => total + batch.length, 0);
    return this.buffer.length + queued + this.inFlightDocs;
  }

  /** Buffers `doc`; resolves with its result when its bulk completes. Rejects once closed. */
  add(doc: VersionedDocument): Promise<BulkItemResult> {
    // A throw inside the executor (closed writer, bad version) rejects the returned promise.
    return new Promise<BulkItemResult>((resolve, reject) => {
      if (this.closed) {
        throw new PermanentError('bulk writer is closed');
      }
      const serialized = serializeVersionedDocument(doc);
      // Never let one batch outgrow maxBytes, except a single document larger than that alone.
      if (this.buffer.length > 0 && this.bufferBytes + serialized.bytes > this.maxBytes) {
        this.cut();
      }
      this.buffer.push({ doc: serialized, resolve, reject });
      this.bufferBytes += serialized.bytes;
      if (this.buffer.length >= this.maxDocs || this.bufferBytes >= this.maxBytes) {
        this.cut();
      } else {
        this.timer ??= setTimeout(() => this.cut(), this.maxDelayMs);
      }
    });
  }

  /** Sends what is buffered; resolves when every bulk accepted so far has completed. */
  async flush(): Promise<void> {
    this.cut();
    while (this.inFlight.size > 0) {
      await Promise.all(this.inFlight);
    }
  }

  /** Refuses new documents, then flushes. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private cut(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length === 0) {
      return;
    }
    this.queue.push(this.takeBuffer());
    this.pump();
  }

  // Sends queued batches while a slot is free. Batches that queued behind busy slots go out
  // together (up to maxDocs/maxBytes), and when a bulk completes with nothing queued, what is
  // buffered goes at once: it waited for the slot, not for its timer. So a slow OpenSearch gets
  // fewer, larger bulks instead of a queue of small ones sent one after another.
  private pump(afterBulk = false): void {
    if (afterBulk && this.queue.length === 0 && this.buffer.length > 0) {
      this.queue.push(this.takeBuffer());
    }
    while (this.inFlight.size < this.maxConcurrentBulks) {
      const batch = this.nextBatch();
      if (!batch) {
        return;
      }
      this.inFlightDocs += batch.length;
      const run: Promise<void> = this.runBatch(batch).finally(() => {
        this.inFlightDocs -= batch.length;
        this.inFlight.delete(run);
        this.pump(true);
      });
      this.inFlight.add(run);
    }
  }

  private takeBuffer(): Pending[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    const taken = this.buffer;
    this.buffer = [];
    this.bufferBytes = 0;
    return taken;
  }

  // The first queued batch, with the ones behind it merged in while they fit.
  private nextBatch(): Pending[] | undefined {
    const first = this.queue.shift();
    if (!first) {
      return undefined;
    }
    const batch = [...first];
    let bytes = batch.reduce((sum, pending) => sum + pending.doc.bytes, 0);
    for (let next = this.queue[0]; next; next = this.queue[0]) {
      const nextBytes = next.reduce((sum, pending) => sum + pending.doc.bytes, 0);
      if (batch.length + next.length > this.maxDocs || bytes + nextBytes > this.maxBytes) {
        break;
      }
      batch.push(...next);
      bytes += nextBytes;
      this.queue.shift();
    }
    return batch;
  }

  // Never rejects: the outcome goes to each document's promise.
  private async runBatch(batch: readonly Pending[]): Promise<void> {
    const started = performance.now();
    const elapsed = () => (performance.now() - started) / 1000;
    try {
      const results = await this.send(batch.map((pending) => pending.doc));
      this.metrics.observeBulk('answered', elapsed());
      batch.forEach((pending, position) => {
        const result = results[position] ?? {
          id: pending.doc.id,
          index: pending.doc.index,
          status: 'retryable' as const,
          reason: 'no result for this document',
        };
        this.metrics.countItem(result.status);
        pending.resolve(result);
      });
    } catch (error) {
      this.metrics.observeBulk(
        error instanceof RetryableError ? 'retryable' : 'permanent',
        elapsed(),
      );
      batch.forEach((pending) => pending.reject(error));
    }
  }
}
