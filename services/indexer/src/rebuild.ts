// One-shot: replay the topics into a new index generation and swap the aliases when caught up
// (`node scripts/run-ts.mts services/indexer/src/rebuild.ts`). The live indexer may keep running.
import { createKafkaClient } from '@callrecords/kafka';
import { createOpenSearchClient } from '@callrecords/opensearch';
import { createMetricsRegistry, runJob } from '@callrecords/service-kit';

import { indexerConfigSchema } from './config';
import { rebuildIndexes } from './rebuild/rebuild.service';

/** `20261126t214900`: sortable, and valid in an index name. */
function generationOf(now: Date): string {
  return now.toISOString().slice(0, 19).replace(/[-:]/g, '').toLowerCase();
}

void runJob({
  job: 'indexer-rebuild',
  version: '0.1.0',
  schema: indexerConfigSchema,
  run: async (config, { logger, readFile }) => {
    const registry = createMetricsRegistry({ service: 'indexer-rebuild', defaultMetrics: false });
    const kafka = createKafkaClient(config, { service: 'indexer-rebuild', logger });
    const openSearch = createOpenSearchClient(config, { readFile });
    try {
      const generation = process.argv[2] ?? generationOf(new Date());
      const report = await rebuildIndexes({
        config,
        kafka,
        openSearch,
        logger,
        registry,
        generation,
      });
      for (const [id, rebuilt] of Object.entries(report)) {
        process.stdout.write(
          `${id}: now ${rebuilt.index}; previous ${rebuilt.previous.join(', ')}\n`,
        );
      }
      return 0;
    } finally {
      await openSearch.close();
    }
  },
});
