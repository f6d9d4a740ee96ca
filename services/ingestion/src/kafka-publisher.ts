import { RetryableError } from '@callrecords/contracts';
import type { EventProducer, OutgoingMessage } from '@callrecords/kafka';

// Publishes with the idempotent acks=-1 producer. After a failure it answers "Kafka unavailable" at
// once for a cooldown: Graph's 3 s budget (libs/contracts/graph-reference/FACTS.md 7) is better
// spent on its retry than on waiting.

export interface PublisherOptions {
  readonly producer: EventProducer;
  readonly cooldownMs: number;
  readonly now: () => number;
}

export class KafkaPublisher {
  private openUntil = 0;

  constructor(private readonly options: PublisherOptions) {}

  /** Resolves when every message is acknowledged by all in-sync replicas; rejects otherwise. */
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.options.now() < this.openUntil) {
      throw new RetryableError('Kafka unavailable (cooling down after a failed publish)');
    }
    try {
      await this.options.producer.send(messages);
    } catch (error) {
      this.openUntil = this.options.now() + this.options.cooldownMs;
      throw error;
    }
  }
}
