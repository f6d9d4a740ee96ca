import { readFileSync } from 'node:fs';

import { ConfigError, loadConfig } from '@callrecords/service-kit';

import { startIngestion } from './bootstrap';
import { ingestionConfigSchema } from './config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(ingestionConfigSchema, process.env, {
      readFile: (path) => readFileSync(path, 'utf8').trim(),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await startIngestion(config);
}

void main();
