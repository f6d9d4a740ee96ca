import {
  longestRetentionDays,
  retentionDeleteQueriesOn,
  RETENTION_DAY_MS,
} from '@callrecords/contracts';
import type { RetentionPolicy } from '@callrecords/contracts';
import type { Logger } from '@callrecords/service-kit';

import { retentionCutoff } from '../domain/buckets';
import type { RollupStoreRepository } from './rollup-store.repository';

const HOUR_MS = 3_600_000;

/**
 * Prunes, at start and then hourly: rollups (and contributions) older than
 * AGGREGATOR_RETENTION_DAYS, and the cells of personal dimensions (PSTN `user`) past their
 * tenant's PRIVACY_RETENTION_DAYS. A failed run is logged and tried again at the next one (pruning
 * late is harmless).
 */
export class RetentionService {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      readonly store: RollupStoreRepository;
      readonly retentionDays: number;
      readonly privacy: RetentionPolicy;
      readonly logger: Logger;
      readonly now: () => Date;
    },
  ) {}

  start(): void {
    const { retentionDays, privacy } = this.deps;
    const rollups = retentionDays > 0;
    const personal = retentionDeleteQueriesOn('bucketStart', privacy, 0).length > 0;
    if (!rollups && !personal) {
      return;
    }
    const run = async (): Promise<void> => {
      if (rollups) {
        await this.prune();
      }
      if (personal) {
        await this.prunePersonalCells();
      }
    };
    void run();
    this.timer = setInterval(() => void run(), HOUR_MS);
    // The timer must not keep a stopping process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One pruning run of the rollups; resolves even when OpenSearch fails (the next run catches up). */
  async prune(): Promise<void> {
    const cutoff = retentionCutoff(this.deps.now(), this.deps.retentionDays);
    try {
      const pruned = await this.deps.store.pruneBefore(cutoff);
      this.deps.logger.info({ cutoff, ...pruned }, 'retention pruned');
    } catch (error) {
      this.deps.logger.warn({ cutoff, err: error }, 'retention prune failed; next run retries');
    }
  }

  /**
   * One pruning run of the personal cells (PSTN `user`) past their tenant's retention. A day
   * bucket that starts before a cutoff may hold later calls: cells go once their whole bucket (a
   * day at most) is past, so up to a day late, never early.
   */
  async prunePersonalCells(): Promise<void> {
    const { privacy } = this.deps;
    const queries = retentionDeleteQueriesOn(
      'bucketStart',
      privacy,
      this.deps.now().getTime() - RETENTION_DAY_MS,
    );
    if (queries.length === 0) {
      return;
    }
    try {
      const pruned = await this.deps.store.prunePersonalCells(queries);
      this.deps.logger.info(
        { longestDays: longestRetentionDays(privacy), ...pruned },
        'personal rollup cells pruned',
      );
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'personal cells prune failed; next run retries');
    }
  }
}
