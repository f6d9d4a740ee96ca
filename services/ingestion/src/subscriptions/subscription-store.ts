import { decodeEvent, SubscriptionLifecycleV1Definition } from '@callrecords/contracts';
import type { SubscriptionLifecycleV1 } from '@callrecords/contracts';
import type { Kafka } from '@callrecords/kafka';
import type { HealthIndicator, Logger } from '@callrecords/service-kit';

import type { SubscriptionState, SubscriptionView } from '../domain/subscription-state';
import { applySubscriptionEvent, EMPTY_SUBSCRIPTION_STATE } from '../domain/subscription-state';

// Every replica reads the whole compacted subscriptions topic (no shared group: each needs every
// partition) and folds it with the pure reducer. It is "caught up" once it has read up to the high
// watermarks seen at start; until then webhooks answer 503 rather than drop unknown subscriptions.

type Consumer = ReturnType<Kafka['consumer']>;

export interface SubscriptionStoreOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Unique per replica and start: offsets are never committed. */
  readonly groupId: string;
  readonly logger: Logger;
}

const LIFECYCLE_CHANGES: ReadonlySet<string> = new Set([
  'reauthorizationRequired',
  'removed',
  'missed',
]);

// Right after the topic was created its partition leaders may not be known yet (NOT_LEADER):
// retry kafkajs' retriable errors a few times before failing the boot.
async function retryRetriable<T>(work: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || attempt >= attempts) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

export class SubscriptionStore {
  private state: SubscriptionState = EMPTY_SUBSCRIPTION_STATE;
  private consumer: Consumer | undefined;
  private readonly pending = new Map<number, number>();
  private caughtUpResolve: (() => void) | undefined;
  private readonly caughtUpPromise: Promise<void>;
  private isCaughtUp = false;

  constructor(private readonly options: SubscriptionStoreOptions) {
    this.caughtUpPromise = new Promise((resolve) => (this.caughtUpResolve = resolve));
  }

  async start(): Promise<void> {
    const { kafka, topic } = this.options;
    for (const { partition, high, low } of await this.highWatermarks()) {
      if (Number(high) > Number(low)) {
        this.pending.set(partition, Number(high));
      }
    }
    this.checkCaughtUp();
    const consumer = kafka.consumer({ groupId: this.options.groupId, maxWaitTimeInMs: 100 });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        this.fold(message.value, message.headers ?? {});
        const target = this.pending.get(partition);
        if (target !== undefined && Number(message.offset) + 1 >= target) {
          this.pending.delete(partition);
          this.checkCaughtUp();
        }
        return Promise.resolve();
      },
    });
  }

  private async highWatermarks(): Promise<{ partition: number; high: string; low: string }[]> {
    const admin = this.options.kafka.admin();
    await admin.connect();
    try {
      return await retryRetriable(() => admin.fetchTopicOffsets(this.options.topic));
    } finally {
      await admin.disconnect();
    }
  }

  private fold(value: Buffer | null, headers: Parameters<typeof decodeEvent>[2]): void {
    try {
      this.apply(decodeEvent(SubscriptionLifecycleV1Definition, value, headers));
    } catch (error) {
      // A foreign or corrupt message must not stop the fold; it cannot describe one of ours.
      this.options.logger.warn({ err: error }, 'undecodable subscription event skipped');
    }
  }

  private checkCaughtUp(): void {
    if (this.pending.size === 0 && !this.isCaughtUp) {
      this.isCaughtUp = true;
      this.caughtUpResolve?.();
    }
  }

  /** Folds an event now (the writer does this right after Kafka acknowledged it). */
  apply(event: SubscriptionLifecycleV1): void {
    this.state = applySubscriptionEvent(this.state, event);
    if (LIFECYCLE_CHANGES.has(event.payload.change)) {
      this.onLifecycle?.();
    }
  }

  /** Called after a Graph lifecycle event was folded, so the leader can act without waiting a tick. */
  onLifecycle: (() => void) | undefined;

  get caughtUp(): boolean {
    return this.isCaughtUp;
  }

  whenCaughtUp(): Promise<void> {
    return this.caughtUpPromise;
  }

  snapshot(): SubscriptionState {
    return this.state;
  }

  lookup(subscriptionId: string): SubscriptionView | undefined {
    return this.state.subscriptions.get(subscriptionId);
  }

  health(): HealthIndicator {
    return {
      name: 'subscription-state',
      check: () =>
        this.isCaughtUp
          ? Promise.resolve()
          : Promise.reject(new Error('subscription state not caught up')),
    };
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
