// The cluster drill (`npm run test:cluster`): it brings up a real single-node Kubernetes
// (deploy/k8s-local), so it needs root and is not part of `npm test`. One file, in order.
import type { Config } from 'jest';

// eslint-disable-next-line @nx/enforce-module-boundaries -- the workspace's Jest config is tooling, not a project
import { projectConfig, sharedConfig } from '../../jest.config.mts';

const config: Config = {
  ...sharedConfig,
  projects: [projectConfig(import.meta.dirname)],
  maxWorkers: 1,
  // Bring-up, image import and pod starts on two loaded cores.
  testTimeout: 300_000,
};

export default config;
