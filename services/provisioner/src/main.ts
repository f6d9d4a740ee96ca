// One-shot (the chart's pre-install/pre-upgrade Job): contract topics, index templates, ISM and
// aliases, then exit 0; any failure exits 1 so Helm stops the upgrade before a service changes.
import { createKafkaClient } from '@callrecords/kafka';
import { createOpenSearchClient } from '@callrecords/opensearch';
import { runJob } from '@callrecords/service-kit';

import { provisionerConfigSchema } from './config';
import { provision } from './provision.service';

void runJob({
  job: 'provisioner',
  version: '0.1.0',
  schema: provisionerConfigSchema,
  run: async (config, { logger, readFile }) => {
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
  },
});
