// Bootstrap only (STYLE 2.2): config validated before anything starts, then the app.
import { runService } from '@callrecords/service-kit';

import { startAggregator } from './bootstrap';
import { aggregatorConfigSchema } from './config';

void runService({
  service: 'aggregator',
  version: '0.1.0',
  schema: aggregatorConfigSchema,
  start: (config, runtime) => startAggregator(config, runtime),
});
