// One Jest run for the whole workspace: every Nx project (a folder with project.json under libs/,
// services/ or test/) is a Jest project, so `npm test` prints one summary. Per-project runs:
// `npx jest --selectProjects <name>` (also what `nx test <name>` calls).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Config } from 'jest';

const root = import.meta.dirname;

// SWC keeps decorator metadata, which Nest's dependency injection needs.
const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

// `@callrecords/*` aliases, exactly as tsconfig.base.json declares them.
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[/.]/g, '\\$&')}$`,
    join(root, target ?? ''),
  ]),
);

function projectDirs(): string[] {
  return ['libs', 'services', 'test'].flatMap((top) => {
    const dir = join(root, top);
    if (!existsSync(dir)) {
      return [];
    }
    return (
      readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'project.json')))
        // A project with its own Jest config (test/images: needs root and podman) has its own command.
        .filter((entry) => !existsSync(join(dir, entry.name, 'jest.config.mts')))
        .map((entry) => join(dir, entry.name))
    );
  });
}

export function projectConfig(dir: string): Config {
  const project = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as { name: string };
  return {
    displayName: project.name,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/**/*.spec.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '/\\.data/'],
    transform: { '^.+\\.(t|j)s$': ['@swc/jest', swc] },
    // jose ships ESM only; SWC turns it into CommonJS for Jest.
    transformIgnorePatterns: ['/node_modules/(?!jose/)'],
    moduleNameMapper,
  };
}

/** What every run shares: services found or started once, timeouts, two workers. */
export const sharedConfig: Config = {
  globalSetup: join(root, 'libs/testing/src/global-setup.ts'),
  globalTeardown: join(root, 'libs/testing/src/global-teardown.ts'),
  testTimeout: 60_000,
  // Integration tests share one broker and one node; two workers match the two cores we plan for.
  maxWorkers: 2,
  reporters: ['default', 'summary'],
};

const config: Config = { ...sharedConfig, projects: projectDirs().map(projectConfig) };

export default config;
