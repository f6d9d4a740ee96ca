import { readFileSync } from 'node:fs';

import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  loadConfig,
} from '@callrecords/service-kit';

import { startAggregator } from './bootstrap';
import { aggregatorConfigSchema } from './config';

function loadOrExit() {
  try {
    return loadConfig(aggregatorConfigSchema, process.env, {
      readFile: (path) => readFileSync(path, 'utf8'),
    });
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
  const logger = createLogger({
    service: 'aggregator',
    version: process.env['npm_package_version'] ?? '0.0.0',
    level: config.LOG_LEVEL,
  });
  const registry = createMetricsRegistry({ service: 'aggregator' });
  try {
    await startAggregator(config, { logger, registry });
  } catch (error) {
    logger.fatal({ err: error }, 'aggregator failed to start');
    process.exit(1);
  }
}

void main();
