// One-shot: index templates, the ISM retention policy and the first backing index of every series,
// idempotently (a Kubernetes Job or `node scripts/run-ts.mts services/indexer/src/setup.ts`).
import { readFileSync } from 'node:fs';

import { createOpenSearchClient } from '@callrecords/opensearch';
import { ConfigError, createLogger, loadConfig } from '@callrecords/service-kit';

import { indexerConfigSchema } from './config';
import { applyIndexerSetup } from './indexing/index-setup.service';

async function main(): Promise<number> {
  const config = loadConfig(indexerConfigSchema, process.env);
  const logger = createLogger({
    service: 'indexer-setup',
    version: '0.1.0',
    level: config.LOG_LEVEL,
  });
  const client = createOpenSearchClient(config, { readFile: (path) => readFileSync(path, 'utf8') });
  try {
    const report = await applyIndexerSetup(client, config, logger);
    for (const step of report.steps) {
      process.stdout.write(`${step.kind} ${step.name}: ${step.action}\n`);
    }
    return 0;
  } finally {
    await client.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`indexer setup failed: ${message}\n`);
    process.exit(1);
  },
);
