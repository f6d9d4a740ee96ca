import type { Logger } from '@callrecords/service-kit';

import { retentionCutoff } from '../domain/buckets';
import type { RollupStoreRepository } from './rollup-store.repository';

const HOUR_MS = 3_600_000;

/**
 * Prunes rollups and contributions older than the retention, at start and then hourly. A failed
 * run is logged and tried again at the next one (pruning late is harmless).
 */
export class RetentionService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      readonly store: RollupStoreRepository;
      readonly retentionDays: number;
      readonly logger: Logger;
      readonly now: () => Date;
    },
  ) {}

  start(): void {
    if (this.deps.retentionDays <= 0) {
      return;
    }
    void this.prune();
    this.timer = setInterval(() => void this.prune(), HOUR_MS);
    // The timer must not keep a stopping process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pruning run; resolves even when OpenSearch fails (the next run catches up). */
  async prune(): Promise<void> {
    const cutoff = retentionCutoff(this.deps.now(), this.deps.retentionDays);
    try {
      const pruned = await this.deps.store.pruneBefore(cutoff);
      this.deps.logger.info({ cutoff, ...pruned }, 'retention pruned');
    } catch (error) {
      this.deps.logger.warn({ cutoff, err: error }, 'retention prune failed; next run retries');
    }
  }
}
