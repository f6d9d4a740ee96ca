import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { ObservabilityModule } from '@callrecords/service-kit';

import { CallRecordsModule } from './call-records/call-records.module';
import { FETCHER_RUNTIME } from './fetcher.constants';
import type { FetcherRuntime } from './fetcher.constants';
import { ReportsModule } from './reports/reports.module';

@Module({})
class RuntimeModule {
  static forRoot(runtime: FetcherRuntime): DynamicModule {
    return {
      module: RuntimeModule,
      global: true,
      providers: [{ provide: FETCHER_RUNTIME, useValue: runtime }],
      exports: [FETCHER_RUNTIME],
    };
  }
}

/** Wiring only: health/metrics, the runtime built at boot, and the two capabilities. */
@Module({})
export class AppModule {
  static forRoot(runtime: FetcherRuntime): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ readiness: runtime.readiness, registry: runtime.registry }),
        RuntimeModule.forRoot(runtime),
        CallRecordsModule,
        ...(runtime.config.FETCHER_REPORTS_ENABLED ? [ReportsModule] : []),
      ],
    };
  }
}
