// One-shot (the chart's pre-install/pre-upgrade Job): contract topics, index templates, ISM and
// aliases, then exit 0; any failure exits 1 so Helm stops the upgrade before a service starts.
import { readFileSync } from 'node:fs';

import { createKafkaClient } from '@callrecords/kafka';
import { createOpenSearchClient } from '@callrecords/opensearch';
import { ConfigError, createLogger, loadConfig } from '@callrecords/service-kit';

import { provisionerConfigSchema } from './config';
import { provision } from './provision.service';

const readFile = (path: string): string => readFileSync(path, 'utf8');

async function main(): Promise<number> {
  const config = loadConfig(provisionerConfigSchema, process.env, { readFile });
  const logger = createLogger({
    service: 'provisioner',
    version: '0.1.0',
    level: config.LOG_LEVEL,
  });
  const kafka = createKafkaClient(config, { service: 'provisioner', logger });
  const openSearch = createOpenSearchClient(config, { readFile });
  try {
    const report = await provision(config, { kafka, openSearch, logger });
    for (const topic of report.topics ?? []) {
      process.stdout.write(`topic ${topic.name}: ${topic.action}\n`);
    }
    for (const step of report.indexes?.steps ?? []) {
      process.stdout.write(`${step.kind} ${step.name}: ${step.action}\n`);
    }
    return 0;
  } finally {
    await openSearch.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`provisioning failed: ${message}\n`);
    process.exit(1);
  },
);
