import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import {
  CallRecordFetchedV1Definition,
  consumerGroup,
  decodeEvent,
  DirectRoutingCallRowV1Definition,
  dlqTopic,
  prefixedGroup,
  prefixedTopic,
  TOPICS,
} from '@callrecords/contracts';
import { runConsumer } from '@callrecords/kafka';
import type { Kafka, RunningConsumer } from '@callrecords/kafka';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import type { TrunkQualityEvent } from './to-join-input';
import type { TrunkQualityService } from './trunk-quality.service';

export const TRUNK_QUALITY_RUNTIME = Symbol('TRUNK_QUALITY_RUNTIME');

/** What the trunk-quality consumer needs, built in bootstrap.ts. */
export interface TrunkQualityRuntime {
  readonly kafka: Kafka;
  readonly topicPrefix: string;
  readonly batchSize: number;
  readonly service: TrunkQualityService;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
}

const DECODERS = [CallRecordFetchedV1Definition, DirectRoutingCallRowV1Definition] as const;

/**
 * Edge: records and Direct Routing rows → TrunkQualityService, in a consumer group of its own
 * (`callrecords-aggregator-trunk-quality`), so the join has its own offsets and state and never
 * slows or couples to the rollup consumer. No retry topic: a failing batch throws and is redone.
 */
@Injectable()
export class TrunkQualityConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: RunningConsumer | undefined;

  constructor(@Inject(TRUNK_QUALITY_RUNTIME) private readonly runtime: TrunkQualityRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { kafka, topicPrefix: prefix, service, logger, registry, readiness } = this.runtime;
    this.running = await runConsumer<TrunkQualityEvent>({
      kafka,
      service: 'aggregator',
      groupId: `${prefixedGroup(consumerGroup('aggregator'), prefix)}-trunk-quality`,
      topics: [TOPICS.records, TOPICS.directRoutingCalls].map((t) => prefixedTopic(t, prefix).name),
      deadLetterTopic: prefixedTopic(dlqTopic('aggregator'), prefix).name,
      // The join reads trunks, starts and stream measures only: none is ever sealed, so sealed
      // personal values (crypto-shredding) stay as they are.
      decode: (value, headers): TrunkQualityEvent => decodeEvent(DECODERS, value, headers),
      handle: (events) => service.handle(events),
      maxBatchSize: this.runtime.batchSize,
      logger,
      metrics: registry,
    });
    readiness.register(this.running.health);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }
}
