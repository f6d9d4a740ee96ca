// Bootstrap only (STYLE 2.2): config validated before anything starts, then the app.
import { runService } from '@callrecords/service-kit';

import { startGateway } from './bootstrap';
import { gatewayConfigSchema } from './config';

void runService({
  service: 'gateway',
  version: '0.1.0',
  schema: gatewayConfigSchema,
  start: (config, runtime) => startGateway(config, runtime),
});
