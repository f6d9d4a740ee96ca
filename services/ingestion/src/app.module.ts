import { Inject, Injectable, Module } from '@nestjs/common';
import type {
  BeforeApplicationShutdown,
  DynamicModule,
  OnApplicationShutdown,
} from '@nestjs/common';

import { ObservabilityModule } from '@callrecords/service-kit';
import type { Readiness, Registry } from '@callrecords/service-kit';

import { ADMIN_SETTINGS, AdminController } from './backfill/admin.controller';
import type { AdminSettings } from './backfill/admin.controller';
import { BackfillService } from './backfill/backfill.service';
import { IngestionMetrics } from './metrics';
import { WebhookIntake } from './webhooks/webhook-intake';
import { WebhooksController } from './webhooks/webhooks.controller';

/** What the shutdown hooks stop: the scheduler first, then consumers, then the producer. */
export interface IngestionResources {
  stopScheduling(): Promise<void>;
  closeConnections(): Promise<void>;
}

const RESOURCES = Symbol('ingestion.resources');

@Injectable()
class IngestionLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(RESOURCES) private readonly resources: IngestionResources) {}

  beforeApplicationShutdown(): Promise<void> {
    return this.resources.stopScheduling();
  }

  onApplicationShutdown(): Promise<void> {
    return this.resources.closeConnections();
  }
}

export interface AppModuleOptions {
  readonly readiness: Readiness;
  readonly registry: Registry;
  readonly metrics: IngestionMetrics;
  readonly intake: WebhookIntake;
  readonly backfill: BackfillService;
  readonly admin: AdminSettings;
  readonly resources: IngestionResources;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ readiness: options.readiness, registry: options.registry }),
      ],
      controllers: [WebhooksController, AdminController],
      providers: [
        { provide: IngestionMetrics, useValue: options.metrics },
        { provide: WebhookIntake, useValue: options.intake },
        { provide: BackfillService, useValue: options.backfill },
        { provide: ADMIN_SETTINGS, useValue: options.admin },
        { provide: RESOURCES, useValue: options.resources },
        IngestionLifecycle,
      ],
    };
  }
}
