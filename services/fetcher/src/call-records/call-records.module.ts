import { Module } from '@nestjs/common';

import { FETCHER_RUNTIME } from '../fetcher.constants';
import type { FetcherRuntime } from '../fetcher.constants';
import { CallRecordFetchService } from './call-record-fetch.service';
import { NotificationConsumer } from './notification.consumer';

/** Notifications → complete call records in the records topic. */
@Module({
  providers: [
    {
      provide: CallRecordFetchService,
      inject: [FETCHER_RUNTIME],
      useFactory: (runtime: FetcherRuntime) =>
        new CallRecordFetchService({
          graph: runtime.graph,
          onThrottled: (tenantId, retryAfterMs) => runtime.limiter.block(tenantId, retryAfterMs),
          policy: {
            notYetAvailableDelaysMs: runtime.config.FETCHER_NOT_YET_AVAILABLE_RETRY_SECONDS,
            backoff: {
              baseMs: runtime.config.FETCHER_BACKOFF_BASE_MS,
              maxMs: runtime.config.FETCHER_BACKOFF_MAX_MS,
            },
            maxDeliveries: runtime.config.FETCHER_MAX_DELIVERIES,
            maxInlineWaitMs: runtime.config.FETCHER_MAX_INLINE_WAIT_MS,
            maxInlineTries: runtime.config.FETCHER_MAX_INLINE_TRIES,
          },
          concurrency: runtime.config.FETCHER_CONCURRENCY,
          recordsTopic: runtime.topics.records,
          pseudonymiser: runtime.pseudonymiser,
          sealer: runtime.sealer,
          clock: runtime.clock,
          random: runtime.random,
          metrics: runtime.metrics,
          logger: runtime.logger,
        }),
    },
    NotificationConsumer,
  ],
})
export class CallRecordsModule {}
