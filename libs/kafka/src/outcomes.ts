import type { OutgoingMessage } from './producer';
import { retryHeaders } from './retry-headers';
import type { DeliveryInfo } from './retry-headers';

/** What a handler decides for one consumed message; the runner owns what follows (STYLE.md 2.6). */
export type HandleOutcome =
  /** Done: `produce` is sent (in the same transaction as the offsets, when transactional), then committed. */
  | { readonly kind: 'done'; readonly produce: readonly OutgoingMessage[] }
  /** Try again later without blocking the partition: to the retry topic, original committed. */
  | { readonly kind: 'retry-later'; readonly afterMs: number; readonly reason: string }
  /** Poison or permanently failing: to the dead-letter topic as ProcessingFailedV1, committed. */
  | { readonly kind: 'dead-letter'; readonly reason: string; readonly error: unknown }
  /** Duplicate or stale: counted and committed. */
  | { readonly kind: 'skip'; readonly reason: string };

export type OutcomeKind = HandleOutcome['kind'];

/** A consumed Kafka message as the runner saw it, before or after decoding. */
export interface RawMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly delivery: DeliveryInfo;
  /** The message's Kafka timestamp (ms since the epoch; when its producer created it). */
  readonly timestamp?: number;
}

export interface DeadLetter {
  readonly message: RawMessage;
  readonly reason: string;
  readonly error: unknown;
}

export interface PlanContext {
  readonly now: number;
  /** Where retry-later goes; without one, retry-later becomes dead-letter. */
  readonly retryTopic: string | undefined;
  /** After this many deliveries, retry-later becomes dead-letter. */
  readonly maxAttempts: number;
  readonly toDeadLetter: (deadLetter: DeadLetter) => OutgoingMessage;
}

export interface BatchPlan {
  readonly produce: readonly OutgoingMessage[];
  readonly counts: Readonly<Record<OutcomeKind, number>>;
}

/** Turns each message's outcome into what must be produced before the batch's offsets are committed. */
export function planBatch(
  messages: readonly RawMessage[],
  outcomes: readonly HandleOutcome[],
  context: PlanContext,
): BatchPlan {
  if (messages.length !== outcomes.length) {
    throw new Error(`handler returned ${outcomes.length} outcomes for ${messages.length} messages`);
  }
  const produce: OutgoingMessage[] = [];
  const counts: Record<OutcomeKind, number> = {
    done: 0,
    'retry-later': 0,
    'dead-letter': 0,
    skip: 0,
  };
  messages.forEach((message, index) => {
    const outcome = escalate(outcomes[index] as HandleOutcome, message, context);
    counts[outcome.kind] += 1;
    produce.push(...messagesFor(outcome, message, context));
  });
  return { produce, counts };
}

// A retry beyond the attempt budget, or with nowhere to go, is a dead letter: nothing loops forever.
function escalate(
  outcome: HandleOutcome,
  message: RawMessage,
  context: PlanContext,
): HandleOutcome {
  if (outcome.kind !== 'retry-later') {
    return outcome;
  }
  if (!context.retryTopic) {
    return { kind: 'dead-letter', reason: `${outcome.reason} (no retry topic)`, error: undefined };
  }
  if (message.delivery.attempt >= context.maxAttempts) {
    return {
      kind: 'dead-letter',
      reason: `${outcome.reason} (gave up after ${message.delivery.attempt} attempts)`,
      error: undefined,
    };
  }
  return outcome;
}

function messagesFor(
  outcome: HandleOutcome,
  message: RawMessage,
  context: PlanContext,
): readonly OutgoingMessage[] {
  switch (outcome.kind) {
    case 'done':
      return outcome.produce;
    case 'skip':
      return [];
    case 'dead-letter':
      return [context.toDeadLetter({ message, reason: outcome.reason, error: outcome.error })];
    case 'retry-later':
      return [
        {
          topic: context.retryTopic as string,
          key: message.key ?? '',
          value: message.value ?? Buffer.alloc(0),
          headers: retryHeaders(message.headers, message.delivery, {
            notBefore: context.now + Math.max(0, outcome.afterMs),
            reason: outcome.reason,
          }),
        },
      ];
  }
}
