import type { ClassifiedError } from '@callrecords/contracts';

import { backoffDelayMs, notYetAvailableDelayMs } from './retry-schedule';
import type { BackoffSpec } from './retry-schedule';

// What to do when fetching a record failed: the one place where our error vocabulary becomes a
// decision (STYLE.md §2.11). The shell turns decisions into consumer outcomes.

/** Bounded reasons, used as metric labels and retry/DLQ reasons. */
export type FailureReason =
  'throttled' | 'unavailable' | 'not-yet-available' | 'permanent' | 'tenant-access';

export type FailureDecision =
  /** Wait in the handler and try again (a short Retry-After or a first quick backoff). */
  | { readonly kind: 'wait-inline'; readonly waitMs: number; readonly reason: FailureReason }
  /** Let the partition move on: the message goes to the retry topic, due after `afterMs`. */
  | { readonly kind: 'retry-later'; readonly afterMs: number; readonly reason: FailureReason }
  /** Give up: a dead-letter event with the reason. */
  | { readonly kind: 'dead-letter'; readonly reason: FailureReason; readonly detail: string };

export interface FailurePolicy {
  /** Delays after a 404 on delivery 1, 2, …; when used up, dead-letter. */
  readonly notYetAvailableDelaysMs: readonly number[];
  /** Backoff for 5xx and network errors without Retry-After. */
  readonly backoff: BackoffSpec;
  /** Deliveries (through the retry topic) before a retryable failure is dead-lettered. */
  readonly maxDeliveries: number;
  /** Longest wait spent inside the handler; longer waits go through the retry topic. */
  readonly maxInlineWaitMs: number;
  /** Tries inside the handler before a retryable failure goes to the retry topic. */
  readonly maxInlineTries: number;
}

export interface FailureContext {
  /** Delivery attempt of the message (1 = first delivery). */
  readonly attempt: number;
  /** Tries already made inside the handler for this delivery (1 after the first failure). */
  readonly inlineTries: number;
  readonly random: () => number;
}

export function decideOnFailure(
  error: ClassifiedError,
  context: FailureContext,
  policy: FailurePolicy,
): FailureDecision {
  switch (error.kind) {
    case 'not-yet-available': {
      const afterMs = notYetAvailableDelayMs(context.attempt, policy.notYetAvailableDelaysMs);
      return afterMs === undefined
        ? {
            kind: 'dead-letter',
            reason: 'not-yet-available',
            detail: `still 404 after ${context.attempt} deliveries`,
          }
        : { kind: 'retry-later', afterMs, reason: 'not-yet-available' };
    }
    case 'retryable':
      return decideRetryable(error.retryAfterMs, context, policy);
    case 'permanent':
      return { kind: 'dead-letter', reason: 'permanent', detail: error.message };
    case 'tenant-access':
      return { kind: 'dead-letter', reason: 'tenant-access', detail: error.message };
    default:
      return assertNever(error);
  }
}

// 429 and 503 carry Retry-After (libs/contracts/graph-reference/FACTS.md §9): honour it exactly.
// Without it, back off with jitter.
function decideRetryable(
  retryAfterMs: number | undefined,
  context: FailureContext,
  policy: FailurePolicy,
): FailureDecision {
  const reason: FailureReason = retryAfterMs === undefined ? 'unavailable' : 'throttled';
  const waitMs =
    retryAfterMs ?? backoffDelayMs(context.inlineTries, policy.backoff, context.random);
  if (context.inlineTries < policy.maxInlineTries && waitMs <= policy.maxInlineWaitMs) {
    return { kind: 'wait-inline', waitMs, reason };
  }
  if (context.attempt >= policy.maxDeliveries) {
    return {
      kind: 'dead-letter',
      reason,
      detail: `still failing after ${context.attempt} deliveries`,
    };
  }
  const afterMs =
    retryAfterMs ?? backoffDelayMs(context.attempt + 1, policy.backoff, context.random);
  return { kind: 'retry-later', afterMs, reason };
}

function assertNever(value: never): never {
  throw new Error(`unexpected error kind: ${JSON.stringify(value)}`);
}
