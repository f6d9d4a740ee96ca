// One-shot: import the saved objects of dashboards/callrecords.ndjson into OpenSearch Dashboards
// (`DASHBOARDS_URL=http://dashboards:5601 node scripts/run-ts.mts services/indexer/src/import-dashboards.ts`).
import { readFileSync } from 'node:fs';

import { z } from 'zod';

import { ConfigError, loadConfig, sensitive } from '@callrecords/service-kit';

import {
  importSavedObjects,
  parseSavedObjects,
  toNdjson,
  withIndexPrefix,
} from './dashboards/saved-objects';

const importConfigSchema = z.object({
  DASHBOARDS_URL: z.url({ protocol: /^https?$/ }).describe('OpenSearch Dashboards base URL'),
  DASHBOARDS_USERNAME: z.string().min(1).optional().describe('Basic-auth user (security plugin)'),
  DASHBOARDS_PASSWORD: sensitive(z.string().min(1).optional().describe('Basic-auth password')),
  OPENSEARCH_INDEX_PREFIX: z.string().default('').describe('Prefix of the index pattern titles'),
  DASHBOARDS_NDJSON: z
    .string()
    .default('services/indexer/dashboards/callrecords.ndjson')
    .describe('The saved objects file (relative to the working directory)'),
});

async function main(): Promise<number> {
  const config = loadConfig(importConfigSchema, process.env);
  const objects = withIndexPrefix(
    parseSavedObjects(readFileSync(config.DASHBOARDS_NDJSON, 'utf8')),
    config.OPENSEARCH_INDEX_PREFIX,
  );
  const basic = config.DASHBOARDS_USERNAME
    ? `Basic ${Buffer.from(`${config.DASHBOARDS_USERNAME}:${config.DASHBOARDS_PASSWORD ?? ''}`).toString('base64')}`
    : undefined;
  const result = await importSavedObjects({
    dashboardsUrl: config.DASHBOARDS_URL,
    ndjson: toNdjson(objects),
    ...(basic ? { authorization: basic } : {}),
  });
  process.stdout.write(`imported ${result.successCount} of ${objects.length} saved objects\n`);
  return result.success && result.errors.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`dashboards import failed: ${message}\n`);
    process.exit(1);
  },
);
