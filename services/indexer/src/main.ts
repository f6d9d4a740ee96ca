// Bootstrap only (STYLE 2.2): config validated before anything starts, then the app.
import { runService } from '@callrecords/service-kit';

import { startIndexer } from './bootstrap';
import { indexerConfigSchema } from './config';

void runService({
  service: 'indexer',
  version: '0.1.0',
  schema: indexerConfigSchema,
  start: (config, runtime) => startIndexer(config, runtime),
});
