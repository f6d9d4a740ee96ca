import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { Kafka } from '@callrecords/kafka';
import type { OpenSearchClient } from '@callrecords/opensearch';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import { TRUNK_QUALITY_RUNTIME, TrunkQualityConsumer } from './trunk-quality.consumer';
import type { TrunkQualityRuntime } from './trunk-quality.consumer';
import { TrunkQualityRepository } from './trunk-quality.repository';
import { TrunkQualityService } from './trunk-quality.service';

/** Call quality per Direct Routing trunk: a join of rows to records and its own rollup. */
@Module({})
export class TrunkQualityModule {
  static forRoot(runtime: TrunkQualityRuntime | undefined): DynamicModule {
    return {
      module: TrunkQualityModule,
      providers: runtime
        ? [{ provide: TRUNK_QUALITY_RUNTIME, useValue: runtime }, TrunkQualityConsumer]
        : [],
    };
  }
}

/** Creates the module's indexes and its runtime (bootstrap.ts calls it when enabled). */
export async function createTrunkQualityRuntime(options: {
  readonly client: OpenSearchClient;
  readonly indexPrefix: string;
  readonly kafka: Kafka;
  readonly topicPrefix: string;
  readonly batchSize: number;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
}): Promise<TrunkQualityRuntime> {
  const repository = new TrunkQualityRepository(options.client, options.indexPrefix);
  await repository.ensureIndexes();
  const { logger, registry } = options;
  return { ...options, service: new TrunkQualityService({ repository, logger, registry }) };
}
