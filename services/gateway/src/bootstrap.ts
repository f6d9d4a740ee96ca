import { randomBytes } from 'node:crypto';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createKafkaClient } from '@callrecords/kafka';
import { createOpenSearchClient, openSearchHealthIndicator } from '@callrecords/opensearch';
import { createHttpsTransport, fetchOver, startHttpService } from '@callrecords/service-kit';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import { AppModule } from './app.module';
import { createTokenVerifier } from './auth/token-verifier.service';
import type { GatewayConfig } from './config';

export interface GatewayDependencies {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
  /** Reads CA files (OPENSEARCH_CA_FILE, GATEWAY_AUTH_CA_FILE). */
  readonly readFile: (path: string) => string;
  /** Listen address; all interfaces by default. */
  readonly host?: string;
}

export interface RunningGateway {
  readonly app: NestFastifyApplication;
  /** `http://host:port` the gateway listens on. */
  readonly url: string;
  close(): Promise<void>;
}

/** Builds and starts the gateway (main.ts and the integration tests call this). */
export async function startGateway(
  config: GatewayConfig,
  deps: GatewayDependencies,
): Promise<RunningGateway> {
  const openSearch = createOpenSearchClient(config, { readFile: deps.readFile });
  deps.readiness.register(openSearchHealthIndicator(openSearch));
  const kafka = createKafkaClient(config, { service: 'gateway', logger: deps.logger });
  const ca = config.GATEWAY_AUTH_CA_FILE ? deps.readFile(config.GATEWAY_AUTH_CA_FILE) : undefined;
  const tokenVerifier = createTokenVerifier({
    issuer: config.GATEWAY_AUTH_ISSUER,
    audience: config.GATEWAY_AUTH_AUDIENCE,
    jwksUrl: config.GATEWAY_AUTH_JWKS_URL,
    clockToleranceSeconds: config.GATEWAY_AUTH_CLOCK_TOLERANCE_SECONDS,
    fetch:
      ca === undefined ? fetch : fetchOver(createHttpsTransport({ caPem: ca, timeoutMs: 10_000 })),
  });
  if (config.GATEWAY_CURSOR_SECRET === undefined) {
    deps.logger.warn(
      'GATEWAY_CURSOR_SECRET unset: cursors are valid on this replica until restart',
    );
  }
  const app = await startHttpService({
    module: AppModule.forRoot({
      config,
      logger: deps.logger,
      registry: deps.registry,
      readiness: deps.readiness,
      openSearch,
      kafka,
      tokenVerifier,
      cursorSecret: config.GATEWAY_CURSOR_SECRET ?? randomBytes(32).toString('base64url'),
    }),
    logger: deps.logger,
    port: config.GATEWAY_PORT,
    ...(deps.host === undefined ? {} : { host: deps.host }),
    bodyLimitBytes: 256 * 1024,
  });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address !== null ? address.port : config.GATEWAY_PORT;
  return {
    app,
    url: `http://${deps.host ?? '127.0.0.1'}:${port}`,
    close: async () => {
      await app.close();
      await openSearch.close();
    },
  };
}
