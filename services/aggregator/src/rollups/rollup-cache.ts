import type { CellState } from '../domain/cell-state';
import type { WritePosition } from './rollup-store.repository';

/** A rollup document as this process last wrote or read it. */
export interface CachedRollup extends WritePosition {
  readonly state: CellState;
}

/**
 * The rollup documents this process last wrote, by refKey, least recently used dropped first: a
 * batch writes over the cached write position without reading the document first. A stale entry
 * (another partition or replica wrote since) fails the compare-and-set and is read again, so the
 * cache can never make a number wrong, only save reads.
 */
export class RollupCache {
  private readonly entries = new Map<string, CachedRollup>();

  constructor(private readonly capacity: number) {}

  get(key: string): CachedRollup | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      // Map keeps insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CachedRollup): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
