// Graph's per-app limits hold for the whole deployment, not per replica (FACTS.md 17): every
// fetcher of the consumer group spends the fraction of each shared budget that matches the
// partitions it owns, so the members together never exceed the limit, whatever their number.

/** Partitions this member owns of the group's subscribed topics, and all of them. */
export interface PartitionCounts {
  readonly owned: number;
  readonly total: number;
}

/** This member's fraction (0..1) of a budget shared by its consumer group. */
export function budgetFraction(counts: PartitionCounts): number {
  if (counts.total <= 0) {
    return 1;
  }
  return Math.min(1, Math.max(0, counts.owned / counts.total));
}
