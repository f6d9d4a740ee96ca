import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { AGGREGATOR_RUNTIME, RollupConsumer } from './rollup.consumer';
import type { AggregatorRuntime } from './rollup.consumer';

@Module({})
export class RollupsModule {
  static forRoot(runtime: AggregatorRuntime): DynamicModule {
    return {
      module: RollupsModule,
      providers: [{ provide: AGGREGATOR_RUNTIME, useValue: runtime }, RollupConsumer],
    };
  }
}
