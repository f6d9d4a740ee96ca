import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';

import type { Kafka } from '@callrecords/kafka';
import type { OpenSearchClient } from '@callrecords/opensearch';
import { ObservabilityModule } from '@callrecords/service-kit';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import { AuthGuard } from './auth/auth.guard';
import type { TokenVerifier } from './auth/token-verifier.service';
import { CallRecordsModule } from './call-records/call-records.module';
import type { GatewayConfig } from './config';
import {
  CURSOR_SECRET,
  GATEWAY_CONFIG,
  KAFKA,
  LOGGER,
  OPENSEARCH_CLIENT,
  TOKEN_VERIFIER,
} from './gateway.constants';
import { ErasureModule } from './erasure/erasure.module';
import { GraphiqlModule } from './graphiql/graphiql.module';
import { GatewayExceptionFilter } from './graphql/gateway-exception.filter';
import { GatewayGraphqlModule } from './graphql/gateway-graphql.module';
import { LiveModule } from './live/live.module';
import { ReportsModule } from './reports/reports.module';
import { SearchModule } from './search/search.module';
import { StreamsModule } from './streams/streams.module';
import { TimeSeriesModule } from './time-series/time-series.module';
import { TrunksModule } from './trunks/trunks.module';

export interface AppModuleOptions {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
  readonly openSearch: OpenSearchClient;
  readonly kafka: Kafka;
  readonly tokenVerifier: TokenVerifier;
  readonly cursorSecret: string;
}

/** Wiring only: the process-wide objects as global providers, then one module per capability. */
@Global()
@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const shared = [
      { provide: GATEWAY_CONFIG, useValue: options.config },
      { provide: LOGGER, useValue: options.logger },
      { provide: OPENSEARCH_CLIENT, useValue: options.openSearch },
      { provide: KAFKA, useValue: options.kafka },
      { provide: TOKEN_VERIFIER, useValue: options.tokenVerifier },
      { provide: CURSOR_SECRET, useValue: options.cursorSecret },
    ];
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.forRoot({ readiness: options.readiness, registry: options.registry }),
        SearchModule,
        GatewayGraphqlModule.forRoot(options.config),
        CallRecordsModule,
        StreamsModule,
        ReportsModule,
        TimeSeriesModule,
        TrunksModule,
        LiveModule,
        ErasureModule,
        ...(options.config.GATEWAY_DEV_MODE ? [GraphiqlModule] : []),
      ],
      providers: [
        ...shared,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: GatewayExceptionFilter },
      ],
      exports: shared.map((provider) => provider.provide),
    };
  }
}
