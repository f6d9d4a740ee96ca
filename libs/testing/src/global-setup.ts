// Jest global setup: runs once per `npm test`, before any worker starts, so the workers inherit
// the exported KAFKA_BROKERS / OPENSEARCH_URL.
import { join } from 'node:path';

import { resolveServices } from './resolve-services';
import { exportTestEnv } from './test-env';

export default async function globalSetup(): Promise<void> {
  const repoRoot = join(__dirname, '../../..');
  const log = (message: string): void => {
    process.stderr.write(`[test services] ${message}\n`);
  };
  const { env, teardown } = await resolveServices({ env: process.env, repoRoot, log });
  if (!env) {
    return;
  }
  exportTestEnv(env);
  log(`Kafka ${env.kafkaBrokers.join(',')}  OpenSearch ${env.openSearchUrl}  (${env.source})`);
  // Jest keeps globalThis between globalSetup and globalTeardown.
  (globalThis as { __callrecordsTeardown?: () => Promise<void> }).__callrecordsTeardown = teardown;
}
