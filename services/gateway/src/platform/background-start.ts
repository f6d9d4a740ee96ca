import type { Logger } from '@callrecords/service-kit';

const RESTART_DELAY_MS = 5_000;
// A start still in flight at shutdown (a broker that does not answer) is waited for this long at
// most: the caller's disconnect then ends it, and the shutdown keeps within its grace period.
const STOP_WAIT_MS = 5_000;

/**
 * Starts a Kafka client of the gateway without holding up the query API: `begin()` returns at once,
 * a failed start is logged (warn: it is retried) and tried again every 5 s until `stop()`.
 */
export class BackgroundStart {
  private restart: NodeJS.Timeout | undefined;
  private stopped = false;
  private starting: Promise<void> = Promise.resolve();

  constructor(
    private readonly what: string,
    private readonly start: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  begin(): void {
    this.starting = this.attempt();
  }

  /** No further attempt; resolves once an attempt in flight is over, or after 5 s. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restart);
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_WAIT_MS);
      timer.unref();
    });
    await Promise.race([this.starting, waited]);
    clearTimeout(timer);
  }

  private async attempt(): Promise<void> {
    if (this.stopped) {
      return;
    }
    try {
      await this.start();
      this.logger.info(`${this.what} started`);
    } catch (error) {
      this.logger.warn({ err: error }, `${this.what} failed to start, retrying`);
      if (!this.stopped) {
        this.restart = setTimeout(() => this.begin(), RESTART_DELAY_MS);
      }
    }
  }
}
