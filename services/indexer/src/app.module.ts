import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { ObservabilityModule } from '@callrecords/service-kit';

import { IndexingModule } from './indexing/indexing.module';
import type { IndexingDeps } from './indexing/indexing.consumer';

/** Wiring only: health/metrics plus the indexing capability. */
@Module({})
export class AppModule {
  static forRoot(deps: IndexingDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ readiness: deps.readiness, registry: deps.registry }),
        IndexingModule.forRoot(deps),
      ],
    };
  }
}
