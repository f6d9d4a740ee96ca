import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import type { Logger } from '../logger';
import { PinoNestLogger } from './nest-logger';

export interface HttpServiceOptions {
  /** The root module, built by the service from its already validated config. */
  readonly module: Parameters<typeof NestFactory.create>[0];
  readonly logger: Logger;
  readonly port: number;
  readonly host?: string;
  /** Larger request bodies get 413 before any handler runs (default 1 MiB). */
  readonly bodyLimitBytes?: number;
}

/**
 * Creates a Nest app on Fastify with our logger and shutdown hooks, and listens. Config must have been
 * validated before this is called (STYLE 2.9); SIGTERM/SIGINT run the modules' shutdown hooks in order.
 */
export async function startHttpService(
  options: HttpServiceOptions,
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1024 * 1024,
    logger: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.module, adapter, {
    logger: new PinoNestLogger(options.logger),
    abortOnError: false,
  });
  app.enableShutdownHooks();
  await app.listen(options.port, options.host ?? '0.0.0.0');
  options.logger.info({ port: options.port }, 'listening');
  return app;
}
