// Bootstrap only (STYLE 2.2): config validated before anything starts, then the app.
import { runService } from '@callrecords/service-kit';

import { startFetcher } from './bootstrap';
import { fetcherConfigSchema } from './config';

void runService({
  service: 'fetcher',
  version: '0.1.0',
  schema: fetcherConfigSchema,
  start: (config, runtime) => startFetcher(config, runtime),
});
