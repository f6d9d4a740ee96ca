// One-shot: index templates, the ISM retention policy and the first backing index of every series,
// idempotently (`node scripts/run-ts.mts services/indexer/src/setup.ts`; in Kubernetes the
// provisioner Job applies the same setup).
import { createOpenSearchClient } from '@callrecords/opensearch';
import { runJob } from '@callrecords/service-kit';

import { indexerConfigSchema } from './config';
import { applyIndexerSetup } from './indexing/index-setup.service';

void runJob({
  job: 'indexer-setup',
  version: '0.1.0',
  schema: indexerConfigSchema,
  run: async (config, { logger, readFile }) => {
    const client = createOpenSearchClient(config, { readFile });
    try {
      const report = await applyIndexerSetup(client, config, logger);
      for (const step of report.steps) {
        process.stdout.write(`${step.kind} ${step.name}: ${step.action}\n`);
      }
      return 0;
    } finally {
      await client.close();
    }
  },
});
