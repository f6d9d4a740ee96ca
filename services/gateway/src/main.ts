import { readFileSync } from 'node:fs';

import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  loadConfig,
  Readiness,
} from '@callrecords/service-kit';

import { startGateway } from './bootstrap';
import { gatewayConfigSchema } from './config';

const SERVICE = 'gateway';
const VERSION = '0.1.0';

async function main(): Promise<void> {
  const readFile = (path: string): string => readFileSync(path, 'utf8');
  const config = loadConfig(gatewayConfigSchema, process.env, { readFile });
  const logger = createLogger({ service: SERVICE, version: VERSION, level: config.LOG_LEVEL });
  const registry = createMetricsRegistry({ service: SERVICE });
  await startGateway(config, { logger, registry, readiness: new Readiness(), readFile });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `gateway failed to start: ${String(error)}`}\n`,
  );
  process.exit(1);
});
