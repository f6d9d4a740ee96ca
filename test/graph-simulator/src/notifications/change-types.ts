import type { ChangeType } from '../subscriptions/subscription-rules';

// libs/contracts/graph-reference/FACTS.md 2: a `created` subscription fires once, when the record
// is first seen on that subscription; an `updated` subscription fires for that first sighting and
// for every later (higher) version.

export interface SightingInput {
  readonly subscribedTo: readonly ChangeType[];
  /** The subscription already notified this record id. */
  readonly alreadySeen: boolean;
  /** The store reported a new record or a higher version (not a same-version replace). */
  readonly isNewVersion: boolean;
}

/** The changeType to send to one subscription, or undefined for none. */
export function changeTypeFor(input: SightingInput): ChangeType | undefined {
  if (!input.isNewVersion) {
    return undefined;
  }
  if (!input.alreadySeen) {
    return input.subscribedTo.includes('created') ? 'created' : 'updated';
  }
  return input.subscribedTo.includes('updated') ? 'updated' : undefined;
}
