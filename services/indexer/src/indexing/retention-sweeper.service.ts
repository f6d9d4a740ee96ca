import { INDEX_IDS, indexNames } from '@callrecords/contracts';
import { deleteMatching } from '@callrecords/opensearch';
import type { OpenSearchClient } from '@callrecords/opensearch';
import type { Logger } from '@callrecords/service-kit';
import type { RetentionPolicy } from '@callrecords/contracts';

import { retentionDeleteQueries } from '../domain/retention-policy';

export interface RetentionSweeperOptions {
  readonly openSearch: OpenSearchClient;
  readonly logger: Logger;
  readonly policy: RetentionPolicy;
  readonly prefix: string;
  readonly intervalMs: number;
  readonly now?: () => number;
}

/**
 * Deletes the documents of calls past their tenant's retention from every generation of every
 * index, at start and every `intervalMs`, with or without ISM. A failed sweep is logged (warn) and
 * done again at the next one; nothing else depends on it.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: RetentionSweeperOptions) {}

  start(): void {
    if (retentionDeleteQueries(this.options.policy, 0).length === 0) {
      return;
    }
    this.trigger();
    this.timer = setInterval(() => this.trigger(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  /** One sweep; resolves with the documents deleted. */
  async sweepOnce(): Promise<number> {
    const { openSearch, policy, prefix } = this.options;
    const names = indexNames(prefix);
    const index = INDEX_IDS.map((id) => names[id].indexPattern).join(',');
    let deleted = 0;
    for (const query of retentionDeleteQueries(policy, (this.options.now ?? Date.now)())) {
      deleted += await deleteMatching(openSearch, { index, query });
    }
    return deleted;
  }

  private trigger(): void {
    if (this.running) {
      return;
    }
    // Fire and forget: the sweep reports through the log, and stop() awaits it.
    this.running = this.sweepOnce();
    void this.running
      .then(
        (deleted) => this.options.logger.info({ deleted }, 'retention sweep done'),
        (error: unknown) =>
          this.options.logger.warn({ err: error }, 'retention sweep failed; next sweep retries'),
      )
      .finally(() => (this.running = undefined));
  }
}
