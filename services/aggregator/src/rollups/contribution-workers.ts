import { join, resolve } from 'node:path';
import { setImmediate as yieldToIo } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';

import { RetryableError } from '@callrecords/contracts';

import { contributionWithinRetention } from './past-retention';
import type {
  AggregatorInput,
  ContributionOptions,
  EventContribution,
  UndecodedEvent,
} from './to-contribution';

/** A slice of a batch sent to one worker (message bytes are copied, not transferred). */
export interface WorkerRequest {
  readonly id: number;
  readonly items: readonly {
    readonly raw: Uint8Array;
    readonly headers: Readonly<Record<string, string>>;
  }[];
}

export type WorkerReply =
  | { readonly id: number; readonly results: EventContribution[] }
  | { readonly id: number; readonly failed: string };

const SLICE = 1_000;

interface Pending {
  readonly resolve: (results: EventContribution[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The contributions of a batch (calls past their tenant's retention marked `pastRetention`, in both
 * paths by contributionWithinRetention): computed in this thread from decoded events, or, with workers,
 * decoded and computed by worker threads from the raw messages (the batch split in contiguous
 * slices, results in input order). The consumer thread then only sums deltas and does the I/O,
 * so decoding and contributions run on other cores. A worker that dies fails the batch (retried).
 */
export class ContributionWorkers {
  private readonly workers: (Worker | undefined)[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly options: ContributionOptions,
    count: number,
  ) {
    this.workers = Array.from({ length: count }, () => undefined);
  }

  async contribute(events: readonly AggregatorInput[]): Promise<EventContribution[]> {
    const raw = events.filter((e): e is UndecodedEvent => 'raw' in e);
    if (raw.length === 0) {
      return this.contributeHere(events as readonly Exclude<AggregatorInput, UndecodedEvent>[]);
    }
    if (raw.length !== events.length || this.workers.length === 0) {
      throw new Error('contribution workers: raw messages without workers, or mixed with events');
    }
    const size = Math.ceil(raw.length / this.workers.length);
    const slices = this.workers.map((_, w) => raw.slice(w * size, (w + 1) * size));
    const results = await Promise.all(
      slices.map((slice, w) => (slice.length > 0 ? this.send(w, slice) : Promise.resolve([]))),
    );
    return results.flat();
  }

  // In slices, yielding to I/O in between: while a batch is computed here, earlier batches' rollup
  // bulks and transactions are in flight (the pipeline), and their answers must not wait for the
  // whole batch (an open transaction that outlives its timeout is aborted by Kafka).
  private async contributeHere(
    events: readonly Exclude<AggregatorInput, UndecodedEvent>[],
  ): Promise<EventContribution[]> {
    const now = Date.now();
    const results: EventContribution[] = [];
    for (let start = 0; start < events.length; start += SLICE) {
      if (start > 0) {
        await yieldToIo();
      }
      for (const event of events.slice(start, start + SLICE)) {
        results.push(contributionWithinRetention(event, this.options, now));
      }
    }
    return results;
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.flatMap((worker) => (worker ? [worker.terminate()] : [])));
  }

  private send(index: number, slice: readonly UndecodedEvent[]): Promise<EventContribution[]> {
    const worker = this.workerAt(index);
    const id = this.nextId;
    this.nextId += 1;
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      const request: WorkerRequest = {
        id,
        items: slice.map(({ raw, headers }) => ({ raw, headers })),
      };
      worker.postMessage(request);
    });
  }

  private workerAt(index: number): Worker {
    const existing = this.workers[index];
    if (existing) {
      return existing;
    }
    const worker = spawnWorker(this.options);
    // Workers never hold the process open: shutdown closes them, a crash must not hang the exit.
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error: Error) => this.fail(index, error));
    worker.on('exit', (code) =>
      this.fail(index, new Error(`contribution worker exited (${code})`)),
    );
    this.workers[index] = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if ('failed' in reply) {
      pending?.reject(new Error(`contribution worker: ${reply.failed}`));
    } else {
      pending?.resolve(reply.results);
    }
  }

  // A dead worker fails every batch waiting on any worker (they are redone) and is respawned on
  // the next batch.
  private fail(index: number, error: Error): void {
    if (this.workers[index]) {
      this.workers[index] = undefined;
    }
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.reject(new RetryableError(`contribution worker failed: ${error.message}`));
    }
  }
}

function spawnWorker(options: ContributionOptions): Worker {
  if (__filename.endsWith('.ts')) {
    // From source (npm start, tests): the worker registers the workspace's TypeScript hook first.
    const hook = resolve(__dirname, '../../../../scripts/ts-hook.mts');
    const entry = resolve(__dirname, '../contribution-worker.ts');
    return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(entry)});`, {
      eval: true,
      workerData: options,
    });
  }
  // From the bundle: the worker entry is bundled beside main.js.
  return new Worker(join(__dirname, 'contribution-worker.js'), { workerData: options });
}
