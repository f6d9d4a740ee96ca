import type { RollupInterval } from '@callrecords/contracts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The UTC hour and day a timestamp falls in, as ISO strings (the rollup `bucketStart`s). */
export interface BucketStarts {
  readonly hourStart: string;
  readonly dayStart: string;
}

// Buckets by hour number: records of a batch share a few hours, and formatting two ISO strings per
// record was a visible share of the contribution's CPU. Bounded: emptied when it grows past this.
const BUCKETS_BY_HOUR = new Map<number, BucketStarts>();
const MAX_CACHED_HOURS = 8_760;

/** Buckets of an ISO timestamp; undefined when it does not parse. */
export function bucketsOf(timestamp: string | null | undefined): BucketStarts | undefined {
  const ms = timestamp ? Date.parse(timestamp) : NaN;
  if (!Number.isFinite(ms)) {
    return undefined;
  }
  const hour = Math.floor(ms / HOUR_MS);
  let buckets = BUCKETS_BY_HOUR.get(hour);
  if (!buckets) {
    if (BUCKETS_BY_HOUR.size >= MAX_CACHED_HOURS) {
      BUCKETS_BY_HOUR.clear();
    }
    buckets = {
      hourStart: new Date(hour * HOUR_MS).toISOString(),
      dayStart: new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString(),
    };
    BUCKETS_BY_HOUR.set(hour, buckets);
  }
  return buckets;
}

export function bucketStartFor(buckets: BucketStarts, interval: RollupInterval): string {
  return interval === 'hour' ? buckets.hourStart : buckets.dayStart;
}

/** The hour buckets `[end - (hours - 1)h, end]`, oldest first. */
export function hoursEndingAt(hourStart: string, hours: number): string[] {
  const end = Date.parse(hourStart);
  return Array.from({ length: hours }, (_, i) =>
    new Date(end - (hours - 1 - i) * HOUR_MS).toISOString(),
  );
}

export function addHours(hourStart: string, hours: number): string {
  return new Date(Date.parse(hourStart) + hours * HOUR_MS).toISOString();
}

/**
 * The first kept instant of a retention of `days` whole UTC days before `now`'s day: buckets
 * starting before it (and the contributions of records in them) are pruned.
 */
export function retentionCutoff(now: Date, days: number): string {
  return new Date((Math.floor(now.getTime() / DAY_MS) - days) * DAY_MS).toISOString();
}
