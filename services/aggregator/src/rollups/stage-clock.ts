import { Counter } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

/** The wall-clock stages of the rollups' consumer thread (`callrecords_aggregator_stage_seconds_total`). */
export type Stage =
  | 'decode'
  | 'prepare'
  | 'contribute'
  | 'lookup'
  | 'plan'
  | 'rollups'
  | 'alerts'
  | 'changelog'
  | 'queued'
  | 'store'
  | 'idle';

/**
 * Where the wall clock of the rollups goes, summed per stage: the handler's own stages, decoding
 * in the consumer thread, and `idle`, the time no batch is in the handler (the runner producing and
 * committing the previous one's transaction, kafkajs fetching; decoding too, which is counted on
 * its own as well). The benchmark prints the sums beside the run's wall time.
 */
export class StageClock {
  private readonly seconds: Counter;
  /** Milliseconds not yet added to the counter (a counter increment per message costs too much). */
  private readonly pending = new Map<Stage, number>();
  private inHandler = 0;
  private idleSince = performance.now();

  constructor(registry: Registry) {
    this.seconds = new Counter({
      name: 'callrecords_aggregator_stage_seconds_total',
      help: 'Wall time of the rollups by stage (decode, prepare, contribute, lookup, plan, changelog, rollups, alerts; queued: a batch waiting for the previous one; store: committed contributions into the local store; idle: no batch in the handler)',
      labelNames: ['stage'],
      registers: [registry],
    });
  }

  add(stage: Stage, ms: number): void {
    this.pending.set(stage, (this.pending.get(stage) ?? 0) + ms);
  }

  /** A batch enters the handler: a stopwatch whose every lap is added to its stage. */
  enter(): (stage: Stage) => void {
    if (this.inHandler === 0) {
      this.add('idle', performance.now() - this.idleSince);
    }
    this.inHandler += 1;
    let last = performance.now();
    return (stage) => {
      const now = performance.now();
      this.add(stage, now - last);
      last = now;
    };
  }

  /** The batch leaves the handler (returned or failed). */
  leave(): void {
    for (const [stage, ms] of this.pending) {
      this.seconds.inc({ stage }, ms / 1000);
    }
    this.pending.clear();
    this.inHandler -= 1;
    if (this.inHandler === 0) {
      this.idleSince = performance.now();
    }
  }

  /** `fn`, its time added to `stage`. */
  timed<A extends unknown[], R>(stage: Stage, fn: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      const started = performance.now();
      try {
        return fn(...args);
      } finally {
        this.add(stage, performance.now() - started);
      }
    };
  }
}
