import { Inject, Module } from '@nestjs/common';
import type { DynamicModule, OnModuleDestroy } from '@nestjs/common';
import type { Registry } from 'prom-client';

import type { Readiness } from '../health';
import { METRICS_REGISTRY, ObservabilityController, READINESS } from './observability.controller';

export interface ObservabilityOptions {
  readonly readiness: Readiness;
  readonly registry: Registry;
}

/**
 * Health and metrics endpoints plus the first step of every graceful stop: readiness turns false as
 * soon as Nest starts shutting down, before consumers stop and connections close.
 */
@Module({})
export class ObservabilityModule implements OnModuleDestroy {
  constructor(@Inject(READINESS) private readonly readiness: Readiness) {}

  static forRoot(options: ObservabilityOptions): DynamicModule {
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [ObservabilityController],
      providers: [
        { provide: READINESS, useValue: options.readiness },
        { provide: METRICS_REGISTRY, useValue: options.registry },
      ],
      exports: [READINESS, METRICS_REGISTRY],
    };
  }

  onModuleDestroy(): void {
    this.readiness.markShuttingDown();
  }
}
