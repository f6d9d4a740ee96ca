// Bootstrap only (STYLE 2.2): config validated before anything starts, then the app.
import { runService } from '@callrecords/service-kit';

import { startIngestion } from './bootstrap';
import { ingestionConfigSchema } from './config';

void runService({
  service: 'ingestion',
  version: '0.1.0',
  schema: ingestionConfigSchema,
  start: (config, runtime) =>
    startIngestion(config, { logger: runtime.logger, registry: runtime.registry }),
});
