import { isCallPastRetention } from '@callrecords/contracts';
import type { CallEvent, RetentionPolicy } from '@callrecords/contracts';
import type { ConsumedEvent, HandleOutcome } from '@callrecords/kafka';

type Handle<E> = (events: readonly ConsumedEvent<E>[]) => Promise<readonly HandleOutcome[]>;

/**
 * Wraps a handler so that events of calls past their tenant's retention are skipped, live and in
 * a replay: a call the topics and indexes forgot is not counted again (README "Personal data"). A
 * rollup rebuilt from the topics after retention lacks those calls; the live rollups keep them.
 */
export function skippingPastRetention<E extends CallEvent | { readonly raw: Buffer }>(
  policy: RetentionPolicy,
  now: () => number,
  handle: Handle<E>,
): Handle<E> {
  return async (events) => {
    const at = now();
    // Still bytes (contribution workers decode them): the workers skip those past retention.
    const past = (event: E): boolean => !('raw' in event) && isCallPastRetention(policy, event, at);
    const kept = events.filter((e) => !past(e.event));
    if (kept.length === events.length) {
      return handle(events);
    }
    const handled = kept.length > 0 ? [...(await handle(kept))] : [];
    return events.map((e): HandleOutcome =>
      past(e.event)
        ? { kind: 'skip', reason: 'past retention' }
        : (handled.shift() as HandleOutcome),
    );
  };
}
