import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import {
  AlertRaisedV1Definition,
  CallRecordFetchedV1Definition,
  consumerGroup,
  decodeEvent,
  dlqTopic,
  prefixedGroup,
  prefixedTopic,
  TOPICS,
} from '@callrecords/contracts';
import type { AnyTopicDefinition } from '@callrecords/contracts';
import { ensureTopics, runConsumer, topicSpecs } from '@callrecords/kafka';
import type { Kafka, RunningConsumer } from '@callrecords/kafka';
import { METRICS_REGISTRY } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, KAFKA, LOGGER } from '../gateway.constants';
import { BackgroundStart } from '../platform/background-start';
import { LiveFeed } from './live-feed.service';

export const LIVE_FEED_OPTIONS = Symbol('gateway.live-feed-options');

/** What the consumer needs from the process (one provider: Nest injects at most 3 parameters here). */
export interface LiveFeedOptions {
  readonly config: GatewayConfig;
  readonly kafka: Kafka;
  readonly logger: Logger;
  readonly registry: Registry;
}

export const liveFeedOptionsProvider = {
  provide: LIVE_FEED_OPTIONS,
  inject: [GATEWAY_CONFIG, KAFKA, LOGGER, METRICS_REGISTRY],
  useFactory: (...[config, kafka, logger, registry]: [GatewayConfig, Kafka, Logger, Registry]) =>
    ({ config, kafka, logger, registry }) satisfies LiveFeedOptions,
};

/**
 * Feeds subscriptions from Kafka (records and alerts). Each replica has its own consumer group so
 * every replica sees every event, starting at the latest offsets (subscriptions are live, not a
 * replay). Queries never depend on it (it is not part of readiness): if Kafka is away it retries in
 * the background.
 */
@Injectable()
export class LiveFeedConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private consumer: RunningConsumer | undefined;
  private readonly background: BackgroundStart;

  private readonly config: GatewayConfig;
  private readonly kafka: Kafka;
  private readonly logger: Logger;
  private readonly registry: Registry;

  constructor(
    private readonly feed: LiveFeed,
    @Inject(LIVE_FEED_OPTIONS) options: LiveFeedOptions,
  ) {
    ({
      config: this.config,
      kafka: this.kafka,
      logger: this.logger,
      registry: this.registry,
    } = options);
    this.background = new BackgroundStart('live feed consumer', () => this.start(), this.logger);
  }

  onApplicationBootstrap(): void {
    // A Kafka outage must not keep the query API from starting.
    this.background.begin();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.background.stop();
    await this.consumer?.stop();
  }

  private topic(definition: AnyTopicDefinition): string {
    return prefixedTopic(definition, this.config.KAFKA_TOPIC_PREFIX).name;
  }

  private async start(): Promise<void> {
    const deadLetter = dlqTopic('gateway');
    // The topics we read are ensured with their owners' definitions (idempotent), so a gateway
    // started before the fetcher and aggregator can still subscribe.
    await ensureTopics(
      this.kafka,
      topicSpecs([TOPICS.records, TOPICS.alerts, deadLetter], {
        prefix: this.config.KAFKA_TOPIC_PREFIX,
        retention: this.config.PRIVACY_RETENTION_DAYS,
      }),
    );
    const replica = this.config.GATEWAY_REPLICA_ID ?? randomBytes(4).toString('hex');
    this.consumer = await runConsumer({
      kafka: this.kafka,
      service: 'gateway',
      groupId: `${prefixedGroup(consumerGroup('gateway'), this.config.KAFKA_TOPIC_PREFIX)}-live-${replica}`,
      topics: [this.topic(TOPICS.records), this.topic(TOPICS.alerts)],
      decode: (value, headers) =>
        decodeEvent([CallRecordFetchedV1Definition, AlertRaisedV1Definition], value, headers),
      handle: (events) => {
        events.forEach((consumed) => this.feed.publish(consumed.event));
        return Promise.resolve(events.map(() => ({ kind: 'done' as const, produce: [] })));
      },
      deadLetterTopic: this.topic(deadLetter),
      fromBeginning: false,
      logger: this.logger,
      metrics: this.registry,
    });
  }
}
