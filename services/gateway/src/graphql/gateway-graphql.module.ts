import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver } from '@nestjs/mercurius';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import type { FastifyRequest } from 'fastify';

import { Counter, METRICS_REGISTRY } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import type { TokenVerifier } from '../auth/token-verifier.service';
import type { GatewayConfig } from '../config';
import { LOGGER, TOKEN_VERIFIER } from '../gateway.constants';
import { costLimitHook } from './complexity';
import { createErrorFormatter } from './error-formatter';
import { depthLimitHook } from './query-depth';
import type { GatewayContext } from './gateway-context.types';

export const GRAPHQL_PATH = '/graphql';

function authorizationOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null) {
    return undefined;
  }
  const record = payload as Record<string, unknown>;
  const headers = (record['headers'] ?? record) as Record<string, unknown>;
  const value = headers['authorization'] ?? headers['Authorization'];
  return typeof value === 'string' ? value : undefined;
}

function errorCounter(registry: Registry): Counter<'code'> {
  return new Counter({
    name: 'callrecords_gateway_errors_total',
    help: 'GraphQL errors returned, by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
}

/** Mercurius options: schema from code, limits, auth context, subscriptions, error formatting. */
export function mercuriusOptions(
  config: GatewayConfig,
  verifier: TokenVerifier,
  observability: { readonly logger: Logger; readonly registry: Registry },
): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: GRAPHQL_PATH,
    graphiql: false,
    allowBatchedQueries: false,
    // A document seen twice is compiled (graphql-jit) and kept beside the parsed one in mercurius'
    // LRU: no per-field argument coercion and value completion of graphql-js on every item.
    jit: 1,
    validationRules: config.GATEWAY_DEV_MODE ? [] : [NoSchemaIntrospectionCustomRule],
    hooks: {
      preExecution: [
        depthLimitHook(config.GATEWAY_MAX_DEPTH),
        costLimitHook(config.GATEWAY_MAX_COST),
      ],
    },
    context: async (request: FastifyRequest): Promise<GatewayContext> => ({
      auth: await verifier.authenticate(request.headers.authorization),
      loaders: new Map(),
    }),
    subscription: {
      // graphql-ws: the token travels in connection_init ({authorization} or {headers}).
      onConnect: async ({ payload }: { payload: unknown }) => {
        const auth = await verifier.authenticate(authorizationOf(payload));
        return auth.kind === 'authenticated' ? { auth, loaders: new Map() } : false;
      },
      keepAlive: 15_000,
    },
    errorFormatter: createErrorFormatter(
      observability.logger,
      errorCounter(observability.registry),
    ),
  } as MercuriusDriverConfig;
}

@Module({})
export class GatewayGraphqlModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayGraphqlModule,
      imports: [
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          inject: [TOKEN_VERIFIER, LOGGER, METRICS_REGISTRY],
          useFactory: (verifier: TokenVerifier, logger: Logger, registry: Registry) =>
            mercuriusOptions(config, verifier, { logger, registry }),
        }),
      ],
    };
  }
}
