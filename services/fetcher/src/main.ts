import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  loadConfig,
  Readiness,
} from '@callrecords/service-kit';

import { readSecretFile, startFetcher } from './bootstrap';
import { fetcherConfigSchema } from './config';

// Bootstrap only: validate config before anything starts (STYLE.md §2.9), then start the app.
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(fetcherConfigSchema, process.env, { readFile: readSecretFile });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ service: 'fetcher', version: '0.1.0', level: config.LOG_LEVEL });
  const registry = createMetricsRegistry({ service: 'fetcher' });
  await startFetcher(config, { logger, registry, readiness: new Readiness() });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `fetcher failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
