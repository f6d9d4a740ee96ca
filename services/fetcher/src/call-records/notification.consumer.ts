import { Inject, Injectable } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

import { decodeEvent, NotificationReceivedV1Definition } from '@callrecords/contracts';
import type { NotificationReceivedV1 } from '@callrecords/contracts';
import { runSupervisedConsumer } from '@callrecords/kafka';
import type { RunningConsumer } from '@callrecords/kafka';

import { budgetFraction } from '../domain/budget-share';
import { FETCHER_RUNTIME } from '../fetcher.constants';
import type { FetcherRuntime } from '../fetcher.constants';
import { CallRecordFetchService } from './call-record-fetch.service';

/** The notifications topic → the fetch service; the runner owns offsets, transactions and retries. */
@Injectable()
export class NotificationConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private running: RunningConsumer | undefined;

  constructor(
    @Inject(FETCHER_RUNTIME) private readonly runtime: FetcherRuntime,
    @Inject(CallRecordFetchService) private readonly fetch: CallRecordFetchService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { config, topics, kafka, logger, registry } = this.runtime;
    const policy = this.runtime.config;
    this.running = await runSupervisedConsumer<NotificationReceivedV1>(
      {
        kafka,
        service: 'fetcher',
        groupId: topics.group,
        topics: [topics.notifications],
        decode: (value, headers) => decodeEvent(NotificationReceivedV1Definition, value, headers),
        handle: (events) => this.fetch.handle(events),
        deadLetterTopic: topics.deadLetter,
        retryTopic: topics.retry,
        // The failure policy decides when to give up; the runner's cap is only a backstop above it.
        maxAttempts:
          Math.max(
            policy.FETCHER_MAX_DELIVERIES,
            policy.FETCHER_NOT_YET_AVAILABLE_RETRY_SECONDS.length + 1,
          ) + 1,
        // Consume → fetch → produce exactly once: the record and the offsets in one transaction.
        transactionalId: this.runtime.transactionalIds.records,
        // Partitions are fetched concurrently and the next chunk while the previous one commits,
        // all within FETCHER_CONCURRENCY fetches in flight; their transactions take turns on the
        // one producer, each committing its records with its own offsets.
        partitionsConsumedConcurrently: config.FETCHER_CONCURRENT_PARTITIONS,
        pipelineChunks: true,
        maxBatchSize: config.FETCHER_BATCH_SIZE,
        logger,
        metrics: registry,
        // Graph's budgets are per app, not per replica: spend the fraction of partitions owned.
        onPartitionShare: (share) => this.runtime.limiter.setShare(budgetFraction(share)),
      },
      { restartAfterMs: config.FETCHER_CONSUMER_RESTART_AFTER_SECONDS * 1000 },
    );
    this.runtime.readiness.register(this.running.health);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }
}
