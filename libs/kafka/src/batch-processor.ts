import type { Batch, Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';

import type { ConsumedEvent, ConsumerRunnerOptions } from './consumer-runner';
import type { ConsumerMetrics } from './consumer-metrics';
import { toDeadLetterMessage } from './dead-letter';
import { planBatch } from './outcomes';
import type { HandleOutcome, RawMessage } from './outcomes';
import { PRODUCED_AT_HEADER } from './producer';
import type { OutgoingMessage } from './producer';
import { countDue, readDeliveryInfo } from './retry-headers';

export interface CommitPosition {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read (last handled + 1), as Kafka commits it. */
  readonly offset: string;
}

export interface BatchProcessorDeps<E> {
  readonly options: ConsumerRunnerOptions<E>;
  readonly consumer: Consumer;
  readonly now: () => number;
  readonly metrics: ConsumerMetrics;
  /** Produces the messages and commits the position: atomically when transactional. */
  readonly sendAndCommit: (
    messages: readonly OutgoingMessage[],
    position: CommitPosition,
  ) => Promise<void>;
}

/** The kafkajs `eachBatch` callback: due messages in chunks, each handled, produced, then committed. */
export function createBatchProcessor<E>(
  deps: BatchProcessorDeps<E>,
): (payload: EachBatchPayload) => Promise<void> {
  const chunkSize = deps.options.maxBatchSize ?? 500;
  return async (payload) => {
    const { batch } = payload;
    const raw = batch.messages.map((message) => toRawMessage(batch, message));
    const due = countDue(
      raw.map((m) => m.delivery.notBefore),
      deps.now(),
    );
    const chunks: RawMessage[][] = [];
    for (let start = 0; start < due; start += chunkSize) {
      chunks.push(raw.slice(start, Math.min(due, start + chunkSize)));
    }
    const completed =
      pipelineDepthOf(deps.options) > 0
        ? await processPipelined(deps, payload, chunks)
        : await processInTurn(deps, payload, chunks);
    if (!completed) {
      return;
    }
    if (due < raw.length && payload.isRunning() && !payload.isStale()) {
      holdUntilDue(deps, raw[due] as RawMessage);
    }
  };
}

type Chunk = readonly RawMessage[];

const isLive = (payload: EachBatchPayload): boolean => payload.isRunning() && !payload.isStale();

// Each chunk handled, then produced and committed, before the next is handled.
async function processInTurn<E>(
  deps: BatchProcessorDeps<E>,
  payload: EachBatchPayload,
  chunks: readonly Chunk[],
): Promise<boolean> {
  for (const chunk of chunks) {
    if (!isLive(payload)) {
      return false;
    }
    const started = performance.now();
    await commitChunk(deps, payload, {
      chunk,
      outcomes: await handleDecoded(deps.options, chunk),
      started,
    });
  }
  return true;
}

// The next chunks (up to the pipeline depth) are handled while the previous one is produced and
// committed, so the handler never idles during a commit; with a depth of 2 or more the handler is
// called again before its previous call resolved (in offset order). Commits stay in offset order,
// one at a time: a failed commit throws before anything later is committed, and the chunks handled
// ahead are simply redone.
async function processPipelined<E>(
  deps: BatchProcessorDeps<E>,
  payload: EachBatchPayload,
  chunks: readonly Chunk[],
): Promise<boolean> {
  // A chunk handled ahead may fail while the previous one commits: its error is kept as a value
  // (a rejected promise nobody awaits yet would be an unhandled rejection) and thrown in turn.
  const handle = (chunk: Chunk): Promise<Handled | { readonly failed: unknown }> => {
    const started = performance.now();
    return handleDecoded(deps.options, chunk).then(
      (outcomes) => ({ chunk, outcomes, started }),
      (failed: unknown) => ({ failed }),
    );
  };
  const depth = pipelineDepthOf(deps.options);
  const ahead: Promise<Handled | { readonly failed: unknown }>[] = [];
  let next = 0;
  const fill = (): void => {
    while (ahead.length < depth && next < chunks.length && isLive(payload)) {
      ahead.push(handle(chunks[next] as Chunk));
      next += 1;
    }
  };
  // Chunks wait here for one another (and, in a handler that orders its calls, for other
  // partitions' chunks): the member heartbeats meanwhile, or a long wait would take it out of the
  // group (kafkajs heartbeats only when asked; it sends one per heartbeat interval at most).
  const beat = setInterval(() => {
    payload.heartbeat().catch(() => undefined);
  }, PIPELINE_HEARTBEAT_MS);
  try {
    fill();
    for (let handled = ahead.shift(); handled; handled = ahead.shift()) {
      const result = await handled;
      if ('failed' in result) {
        throw result.failed;
      }
      fill();
      // A failed commit throws before anything later is committed; the chunks ahead are redone.
      await commitChunk(deps, payload, result);
    }
    return isLive(payload);
  } finally {
    clearInterval(beat);
  }
}

const PIPELINE_HEARTBEAT_MS = 3_000;

/** Chunks handled ahead of the one being committed: 0 (none) unless pipelining is asked for. */
export function pipelineDepthOf(
  options: Pick<ConsumerRunnerOptions<unknown>, 'pipelineChunks'>,
): number {
  const asked = options.pipelineChunks;
  return asked === true ? 1 : typeof asked === 'number' ? Math.max(0, Math.floor(asked)) : 0;
}

interface Handled {
  readonly chunk: Chunk;
  readonly outcomes: HandleOutcome[];
  readonly started: number;
}

async function commitChunk<E>(
  deps: BatchProcessorDeps<E>,
  payload: EachBatchPayload,
  handled: Handled,
): Promise<void> {
  const position = await processChunk(deps, payload.batch, handled);
  deps.options.onCommitted?.(position);
  payload.resolveOffset((handled.chunk[handled.chunk.length - 1] as RawMessage).offset);
  await payload.heartbeat();
}

// Produce results, retries and dead letters of handled messages, then commit: in that order, so
// committed offsets never run ahead of durable work.
async function processChunk<E>(
  deps: BatchProcessorDeps<E>,
  batch: Batch,
  { chunk, outcomes, started }: Handled,
): Promise<CommitPosition> {
  const { options, now } = deps;
  const plan = planBatch(chunk, outcomes, {
    now: now(),
    retryTopic: options.retryTopic,
    maxAttempts: options.maxAttempts ?? 8,
    toDeadLetter: (deadLetter) => toDeadLetterMessage(deadLetter, options, now()),
  });
  const next = (BigInt((chunk[chunk.length - 1] as RawMessage).offset) + 1n).toString();
  const position = { topic: batch.topic, partition: batch.partition, offset: next };
  await deps.sendAndCommit(plan.produce, position);
  deps.metrics.recordBatch(batch, {
    counts: plan.counts,
    elapsedMs: performance.now() - started,
    nextOffset: next,
    producedAtMs: chunk.flatMap((m) => {
      // A message whose Kafka timestamp is a domain time (a call's start) says when it was produced.
      const producedAt = Number(m.headers[PRODUCED_AT_HEADER] ?? m.timestamp);
      return Number.isFinite(producedAt) ? [producedAt] : [];
    }),
  });
  if (plan.counts['dead-letter'] + plan.counts['retry-later'] > 0) {
    options.logger.warn(
      {
        topic: batch.topic,
        partition: batch.partition,
        counts: plan.counts,
        reasons: reasonsOf(outcomes),
      },
      'batch had retries or dead letters',
    );
  }
  return position;
}

// The handlers' reasons (our own words and ids, never payload values), a few of each batch.
function reasonsOf(outcomes: readonly HandleOutcome[]): string[] {
  const reasons = new Set<string>();
  for (const outcome of outcomes) {
    if ((outcome.kind === 'dead-letter' || outcome.kind === 'retry-later') && reasons.size < 5) {
      reasons.add(outcome.reason.slice(0, 300));
    }
  }
  return [...reasons];
}

// A retried message that is not due yet: pause its partition and come back to that offset later.
// Only the retry topic's partition waits; the main topics flow on.
function holdUntilDue<E>(deps: BatchProcessorDeps<E>, first: RawMessage): void {
  const target = [{ topic: first.topic, partitions: [first.partition] }];
  deps.consumer.pause(target);
  deps.consumer.seek({ topic: first.topic, partition: first.partition, offset: first.offset });
  setTimeout(
    () => deps.consumer.resume(target),
    Math.max(0, first.delivery.notBefore - deps.now()),
  ).unref();
}

async function handleDecoded<E>(
  options: ConsumerRunnerOptions<E>,
  messages: readonly RawMessage[],
): Promise<HandleOutcome[]> {
  const outcomes = new Map<number, HandleOutcome>();
  const decoded: { slot: number; event: ConsumedEvent<E> }[] = [];
  messages.forEach((message, slot) => {
    // A tombstone deletes its key from a compacted topic (retention, README "Personal data"): there
    // is no event to handle, and it is no failure either.
    if (message.value === null || message.value.length === 0) {
      outcomes.set(slot, { kind: 'skip', reason: 'tombstone' });
      return;
    }
    try {
      decoded.push({ slot, event: toConsumedEvent(options, message) });
    } catch (error) {
      outcomes.set(slot, { kind: 'dead-letter', reason: 'undecodable message', error });
    }
  });
  const handled = decoded.length > 0 ? await options.handle(decoded.map((d) => d.event)) : [];
  if (handled.length !== decoded.length) {
    throw new Error(`handler returned ${handled.length} outcomes for ${decoded.length} events`);
  }
  decoded.forEach(({ slot }, i) => outcomes.set(slot, handled[i] as HandleOutcome));
  return messages.map((_, slot) => outcomes.get(slot) as HandleOutcome);
}

function toConsumedEvent<E>(
  options: ConsumerRunnerOptions<E>,
  message: RawMessage,
): ConsumedEvent<E> {
  return {
    event: options.decode(message.value ?? Buffer.alloc(0), message.headers),
    key: message.key,
    headers: message.headers,
    topic: message.delivery.origin.topic,
    partition: message.delivery.origin.partition,
    offset: message.delivery.origin.offset,
    attempt: message.delivery.attempt,
  };
}

function toRawMessage(batch: Batch, message: KafkaMessage): RawMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? String(value[0]) : String(value);
    }
  }
  const at = { topic: batch.topic, partition: batch.partition, offset: message.offset };
  return {
    ...at,
    key: message.key ? message.key.toString() : null,
    value: message.value,
    headers,
    delivery: readDeliveryInfo(headers, at),
    timestamp: Number(message.timestamp),
  };
}
