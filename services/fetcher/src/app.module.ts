import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { shortestRetentionDays } from '@callrecords/contracts';
import { ObservabilityModule } from '@callrecords/service-kit';

import { CallRecordsModule } from './call-records/call-records.module';
import { ErasureModule } from './erasure/erasure.module';
import { FETCHER_RUNTIME } from './fetcher.constants';
import type { FetcherRuntime } from './fetcher.constants';
import { ReportsModule } from './reports/reports.module';
import { RetentionModule } from './retention/retention.module';

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

// Only when some tenant's calls expire, and FETCHER_RETENTION_SWEEP_MS is not 0.
function sweepsRetention(runtime: FetcherRuntime): boolean {
  const { PRIVACY_RETENTION_DAYS: policy, FETCHER_RETENTION_SWEEP_MS: every } = runtime.config;
  return every > 0 && shortestRetentionDays(policy) > 0;
}

/** Wiring only: health/metrics, the runtime built at boot, and the capabilities. */
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
        ...(sweepsRetention(runtime) ? [RetentionModule] : []),
        // Erasure requests need the person keys (PRIVACY_KEY_SECRET): nothing to erase without them.
        ...(runtime.personKeys === undefined ? [] : [ErasureModule]),
      ],
    };
  }
}
