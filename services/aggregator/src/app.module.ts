import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { ObservabilityModule } from '@callrecords/service-kit';

import type { AggregatorRuntime } from './rollups/rollup.consumer';
import { RollupsModule } from './rollups/rollups.module';
import type { TrunkQualityRuntime } from './trunk-quality/trunk-quality.consumer';
import { TrunkQualityModule } from './trunk-quality/trunk-quality.module';

@Module({})
export class AppModule {
  static forRoot(runtime: AggregatorRuntime, trunkQuality?: TrunkQualityRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ readiness: runtime.readiness, registry: runtime.registry }),
        RollupsModule.forRoot(runtime),
        TrunkQualityModule.forRoot(trunkQuality),
      ],
    };
  }
}
