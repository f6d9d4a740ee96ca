// The image tests (`npm run test:images`, after `npm run images`): they need root and podman, so
// they are not part of `npm test`. Same global setup (Kafka and OpenSearch) as the workspace run.
import type { Config } from 'jest';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's Jest config is tooling, not a project
import { projectConfig, sharedConfig } from '../../jest.config.mts';

const config: Config = {
  ...sharedConfig,
  projects: [projectConfig(import.meta.dirname)],
  // Containers and a production install are slow to start on two loaded cores.
  testTimeout: 240_000,
};

export default config;
