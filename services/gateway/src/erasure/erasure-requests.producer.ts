import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import {
  createEvent,
  encodeEvent,
  PersonErasureRequestedV1Definition,
  prefixedTopic,
  RetryableError,
  TOPICS,
} from '@callrecords/contracts';
import type { PersonErasureRequestedV1Payload } from '@callrecords/contracts';
import {
  createProducer,
  ensureTopics,
  producerHealthIndicator,
  topicSpecs,
} from '@callrecords/kafka';
import type { EventProducer, Kafka } from '@callrecords/kafka';
import { READINESS } from '@callrecords/service-kit';
import type { Logger, Readiness } from '@callrecords/service-kit';

import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, KAFKA, LOGGER } from '../gateway.constants';
import { BackgroundStart } from '../platform/background-start';

/**
 * Produces erasure requests (idempotent producer, acks from all in-sync replicas). Started in the
 * background like the live feed, so a Kafka outage does not keep queries from starting; readiness
 * (`kafka-producer`) waits for its first connection. Later outages fail the send (kafkajs
 * reconnects by itself): SERVICE_UNAVAILABLE, never an unready gateway.
 */
@Injectable()
export class ErasureRequestsProducer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly producer: EventProducer;
  private readonly topic: string;
  private readonly background: BackgroundStart;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.producer = createProducer(kafka);
    this.topic = prefixedTopic(TOPICS.erasureRequests, config.KAFKA_TOPIC_PREFIX).name;
    this.background = new BackgroundStart('erasure requests producer', () => this.start(), logger);
  }

  // A property: the constructor already takes the 3 parameters lint allows.
  @Inject(READINESS) private readonly readiness!: Readiness;

  onApplicationBootstrap(): void {
    this.readiness.register(producerHealthIndicator(this.producer));
    this.background.begin();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.background.stop();
    await this.producer.disconnect();
  }

  /** Resolves once the request is durable; the identifier never reaches a log line. */
  async send(tenantId: string, payload: PersonErasureRequestedV1Payload, now: Date): Promise<void> {
    const event = createEvent(PersonErasureRequestedV1Definition, {
      tenantId,
      correlationId: payload.requestId,
      occurredAt: now,
      producedAt: now,
      payload,
    });
    if (!this.producer.connected) {
      throw new RetryableError('Kafka is not reachable yet');
    }
    try {
      await this.producer.send([
        {
          topic: this.topic,
          key: TOPICS.erasureRequests.key(event),
          ...encodeEvent(PersonErasureRequestedV1Definition, event),
        },
      ]);
    } catch (error) {
      // Not accepted: the caller asks again (a new request; executing both changes nothing more).
      this.logger.warn(
        { err: error, requestId: payload.requestId },
        'erasure request not produced',
      );
      throw new RetryableError('the erasure request could not be stored, ask again');
    }
    this.logger.info(
      { requestId: payload.requestId, requestedBy: payload.requestedBy },
      'erasure request accepted',
    );
  }

  private async start(): Promise<void> {
    await ensureTopics(
      this.kafka,
      topicSpecs([TOPICS.erasureRequests], {
        prefix: this.config.KAFKA_TOPIC_PREFIX,
        retention: this.config.PRIVACY_RETENTION_DAYS,
      }),
    );
    await this.producer.connect();
  }
}
