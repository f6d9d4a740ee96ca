import { Inject, Injectable } from '@nestjs/common';
import type {
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';

import {
  consumerGroup,
  dlqTopic,
  prefixedGroup,
  prefixedTopic,
  retryTopic,
  TOPICS,
} from '@callrecords/contracts';
import { runSupervisedConsumer } from '@callrecords/kafka';
import type { CommitPosition, EventProducer, Kafka, RunningConsumer } from '@callrecords/kafka';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import type { AggregatorConfig } from '../config';
import type { ContributionState } from '../contributions/contribution-state';
import type { RollupService } from './rollup.service';
import { decodeAggregatorEvent } from './to-contribution';
import type { AggregatorInput } from './to-contribution';

export const AGGREGATOR_RUNTIME = Symbol('AGGREGATOR_RUNTIME');

/** Everything the consumer needs, built once in bootstrap.ts from the validated config. */
export interface AggregatorRuntime {
  readonly config: AggregatorConfig;
  readonly kafka: Kafka;
  readonly producer: EventProducer;
  readonly rollups: RollupService;
  readonly contributions: ContributionState;
  /** The transaction that carries a batch's changelog messages and its offsets. */
  readonly transactionalId: string;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
}

// Kafka aborts a transaction open this long. A pipelined consumer thread computes the next batches
// while one is open (its wall time includes that work): 10 s was exceeded under load (fenced, the
// batch redone); a replica killed mid-transaction holds its partitions' readers back this long.
const TRANSACTION_TIMEOUT_MS = 30_000;
const MIB = 1024 * 1024;

/** Edge: the records, PSTN and Direct Routing topics → RollupService, outcomes to the runner. */
@Injectable()
export class RollupConsumer
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private running: RunningConsumer | undefined;

  constructor(@Inject(AGGREGATOR_RUNTIME) private readonly runtime: AggregatorRuntime) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, kafka, logger, registry, rollups, readiness, contributions } = this.runtime;
    const prefix = config.KAFKA_TOPIC_PREFIX;
    await this.runtime.producer.connect();
    // With contribution workers the messages stay raw here: the workers decode them.
    const decode = (value: Buffer, headers: Readonly<Record<string, string>>): AggregatorInput =>
      config.AGGREGATOR_CONTRIBUTION_WORKERS > 0
        ? { raw: value, headers }
        : decodeTimed(value, headers);
    const decodeTimed = rollups.clock.timed('decode', decodeAggregatorEvent);
    // Supervised: kafkajs gives up for good on some failures (a transaction left ABORTING after
    // a fencing under load crashed the consumer for good); the runner starts it again.
    this.running = await runSupervisedConsumer<AggregatorInput>({
      kafka,
      service: 'aggregator',
      groupId: prefixedGroup(consumerGroup('aggregator'), prefix),
      topics: [TOPICS.records, TOPICS.pstnCalls, TOPICS.directRoutingCalls].map(
        (t) => prefixedTopic(t, prefix).name,
      ),
      retryTopic: prefixedTopic(retryTopic('aggregator'), prefix).name,
      deadLetterTopic: prefixedTopic(dlqTopic('aggregator'), prefix).name,
      decode,
      // Calls past their tenant's retention are skipped, live and on replay (ContributionWorkers).
      handle: (events) => rollups.handle(events),
      transactionalId: this.runtime.transactionalId,
      transactionTimeoutMs: TRANSACTION_TIMEOUT_MS,
      onAssignment: (assignment) => contributions.onAssignment(assignment),
      maxBatchSize: config.AGGREGATOR_BATCH_SIZE,
      // Batches are computed while earlier ones write and commit (RollupService.handle); the
      // local state takes a batch's contributions once its transaction committed.
      pipelineChunks: config.AGGREGATOR_PIPELINE_DEPTH,
      onCommitted: rollups.clock.timed('store', (at: CommitPosition) =>
        contributions.committed(`${at.topic}/${at.partition}`, Number(at.offset)),
      ),
      // Room for a whole batch of call records (~1.3 KiB each before compression) in one fetch,
      // and for the batches of the pipeline behind it (the pipeline stops at a fetch's end).
      maxBytesPerPartition:
        Math.max(1, Math.ceil(config.AGGREGATOR_BATCH_SIZE / 2_000)) *
        (1 + config.AGGREGATOR_PIPELINE_DEPTH) *
        MIB,
      partitionsConsumedConcurrently: config.AGGREGATOR_CONCURRENT_PARTITIONS,
      logger,
      metrics: registry,
    });
    readiness.register(this.running.health);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // Stop fetching and let the in-flight batch finish and commit before connections close.
    await this.running?.stop();
    this.running = undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runtime.producer.disconnect();
    await this.runtime.rollups.close();
  }
}
