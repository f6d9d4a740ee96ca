import { readFileSync } from 'node:fs';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';

import { createKafkaClient } from '@callrecords/kafka';
import { createOpenSearchClient } from '@callrecords/opensearch';
import { Readiness, startHttpService } from '@callrecords/service-kit';
import type { Logger, Registry } from '@callrecords/service-kit';

import { AppModule } from './app.module';
import type { IndexerConfig } from './config';

export interface RunningIndexer {
  readonly app: NestFastifyApplication;
  /** Stops consuming (the in-flight batch finishes and commits), flushes, disconnects. */
  close(): Promise<void>;
}

/** Builds and starts the indexer; `main.ts` and the integration tests both call this. */
export async function startIndexer(
  config: IndexerConfig,
  deps: { readonly logger: Logger; readonly registry: Registry; readonly port?: number },
): Promise<RunningIndexer> {
  const { logger, registry } = deps;
  const readiness = new Readiness();
  const kafka = createKafkaClient(config, { service: 'indexer', logger });
  const openSearch = createOpenSearchClient(config, {
    readFile: (path) => readFileSync(path, 'utf8'),
  });
  const module = AppModule.forRoot({ config, kafka, openSearch, logger, registry, readiness });
  const app = await startHttpService({
    module,
    logger,
    port: deps.port ?? config.INDEXER_PORT,
  }).catch(async (error: unknown) => {
    await openSearch.close();
    throw error;
  });
  let closing: Promise<void> | undefined;
  return {
    app,
    // Idempotent: a SIGTERM hook and a caller may both ask.
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await openSearch.close();
      })()),
  };
}
