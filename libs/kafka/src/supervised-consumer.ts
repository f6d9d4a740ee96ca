import { runConsumer } from './consumer-runner';
import type { ConsumerRunnerOptions, RunningConsumer } from './consumer-runner';

export interface SupervisionOptions {
  /** Restart the consumer once it has been out of its group this long (default 60 s). */
  readonly restartAfterMs?: number;
  /** How often membership is checked (default 1 s). */
  readonly checkEveryMs?: number;
}

/**
 * `runConsumer`, restarted when it stays out of its group: kafkajs gives up for good on some
 * failures (a coordinator not found after a broker restart is "non-retriable"), and a worker that
 * silently stops consuming is worse than one that reconnects. Uncommitted work is simply redone.
 */
export async function runSupervisedConsumer<E>(
  options: ConsumerRunnerOptions<E>,
  supervision: SupervisionOptions = {},
): Promise<RunningConsumer> {
  const supervisor = new Supervisor(options, await runConsumer(options), supervision);
  return {
    stop: () => supervisor.stop(),
    health: {
      name: supervisor.current.health.name,
      check: () => supervisor.current.health.check(),
    },
  };
}

class Supervisor<E> {
  private downSince: number | undefined;
  private restarting: Promise<void> | undefined;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;
  private readonly restartAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly options: ConsumerRunnerOptions<E>,
    public current: RunningConsumer,
    supervision: SupervisionOptions,
  ) {
    this.restartAfterMs = supervision.restartAfterMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.timer = setInterval(() => {
      // Errors are handled inside; the interval must never throw.
      void this.check();
    }, supervision.checkEveryMs ?? 1_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.restarting;
    await this.current.stop();
  }

  private async check(): Promise<void> {
    if (this.stopped || this.restarting) {
      return;
    }
    const up = await this.current.health.check().then(
      () => true,
      () => false,
    );
    if (up) {
      this.downSince = undefined;
      return;
    }
    this.downSince ??= this.now();
    if (this.now() - this.downSince >= this.restartAfterMs) {
      this.restarting = this.restart().finally(() => (this.restarting = undefined));
    }
  }

  private async restart(): Promise<void> {
    const { logger, groupId } = this.options;
    logger.warn(
      { groupId, downForMs: this.now() - (this.downSince ?? this.now()) },
      'consumer out of its group too long; restarting it',
    );
    await this.current.stop().catch(() => undefined);
    try {
      this.current = await runConsumer(this.options);
      this.downSince = undefined;
    } catch (error) {
      // Still unreachable: try again after another full period.
      logger.warn(
        { err: error, groupId },
        'consumer restart failed; retrying after another period',
      );
      this.downSince = this.now();
    }
  }
}
