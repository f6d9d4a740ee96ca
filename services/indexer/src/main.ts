import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  loadConfig,
} from '@callrecords/service-kit';

import { startIndexer } from './bootstrap';
import { indexerConfigSchema } from './config';

function loadOrExit() {
  try {
    return loadConfig(indexerConfigSchema, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadOrExit();
  const logger = createLogger({ service: 'indexer', version: '0.1.0', level: config.LOG_LEVEL });
  const registry = createMetricsRegistry({ service: 'indexer' });
  await startIndexer(config, { logger, registry });
}

// Bootstrap failures (unreachable OpenSearch or Kafka at start) end the process: the orchestrator
// restarts it, and the message says why.
main().catch((error: unknown) => {
  process.stderr.write(
    `indexer failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
