// The cluster drill (`npm run test:cluster`): it brings up a real single-node Kubernetes
// (deploy/k8s-local), so it needs root and is not part of `npm test`. One file, in order.
import type { Config } from 'jest';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's Jest config is tooling, not a project
import { projectConfig, sharedConfig } from '../../jest.config.mts';

const config: Config = {
  ...sharedConfig,
  // The drill starts its own Kafka and OpenSearch for the pods (deploy/k8s-local/services.sh): the
  // machine's stack is neither needed nor started.
  globalSetup: undefined,
  globalTeardown: undefined,
  projects: [projectConfig(import.meta.dirname)],
  maxWorkers: 1,
  // Bring-up, image import and pod starts on two loaded cores.
  testTimeout: 300_000,
};

export default config;
