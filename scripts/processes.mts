// The processes `npm start` runs, in start order. A process whose entry file does not exist yet is
// left out, so the list can name the whole pipeline while it is being built.
export interface ProcessSpec {
  readonly name: string;
  /** File that must exist for the process to be started (relative to the repo root). */
  readonly entry: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Started processes wait until this URL answers 2xx before the next one starts. */
  readonly readyUrl?: string;
  /** When it exits unexpectedly, stop everything. A one-shot job is not critical. */
  readonly critical: boolean;
}

const SIMULATOR_HTTP_PORT = '4011';
const SIMULATOR_URL = 'https://127.0.0.1:4010';

// The simulator is Graph and Entra ID for the demo: same client, only the base URLs differ.
const GRAPH_ENV = {
  GRAPH_TENANT_IDS: '00000000-0000-4000-8000-000000000001',
  GRAPH_CLIENT_ID: '00000000-0000-4000-8000-0000000000c1',
  GRAPH_CLIENT_SECRET: 'graph-sim-demo-secret',
  GRAPH_AUTHORITY_HOST: SIMULATOR_URL,
  GRAPH_BASE_URL: SIMULATOR_URL,
  GRAPH_CA_FILE: '/tmp/callrecords-graph-sim-ca.pem',
};

// Crypto-shredding in the demo (README "Personal data"): every personal value is sealed with a
// per-person key; `npm run forget` erases a person with the same two secrets. Demo values only: a
// deployment mounts its own from a secret store (`*_FILE`).
export const DEMO_PRIVACY_ENV = {
  FETCHER_PSEUDONYM_SECRET: 'demo-pseudonym-secret-not-for-production',
  PRIVACY_KEY_SECRET: 'demo-key-encryption-secret-not-for-production',
};

/**
 * Services run from source by default (an edit shows at the next start, no build step);
 * CALLRECORDS_FROM_BUILD=1 runs the bundles of `npm run build`, as the images do.
 */
export const FROM_BUILD = process.env['CALLRECORDS_FROM_BUILD'] === '1';

// The images' memory settings (deploy/docker/Containerfile, keep both alike): V8 tuned for size
// with a 2 MB young generation, two V8 helper threads and two malloc arenas (measured in
// deploy/docker/README.md). --optimize-for-size is not allowed in NODE_OPTIONS: it is an argument.
const IMAGE_NODE_FLAGS = ['--optimize-for-size'];
const IMAGE_MEMORY_ENV = {
  NODE_OPTIONS: '--max-semi-space-size=2 --v8-pool-size=2',
  MALLOC_ARENA_MAX: '2',
  MALLOC_TRIM_THRESHOLD_: '131072',
};

function service(name: string, env: Readonly<Record<string, string>>): ProcessSpec {
  const entry = FROM_BUILD ? `dist/services/${name}/main.js` : `services/${name}/src/main.ts`;
  return {
    name,
    entry,
    command: process.execPath,
    // kafkajs 2.2 sets timers from a negative duration on Node 24: harmless, and noisy.
    args: [
      '--disable-warning=TimeoutNegativeWarning',
      ...(FROM_BUILD ? IMAGE_NODE_FLAGS : ['scripts/run-ts.mts']),
      entry,
    ],
    env: { LOG_LEVEL: 'info', ...(FROM_BUILD ? IMAGE_MEMORY_ENV : {}), ...env },
    critical: true,
  };
}

export function pipelineProcesses(): ProcessSpec[] {
  const node = process.execPath;
  return [
    {
      name: 'graph-simulator',
      entry: 'test/graph-simulator/main.mts',
      command: node,
      args: ['test/graph-simulator/main.mts'],
      env: { GRAPH_SIM_HTTP_PORT: SIMULATOR_HTTP_PORT },
      readyUrl: `http://127.0.0.1:${SIMULATOR_HTTP_PORT}/_sim/health`,
      critical: true,
    },
    service('ingestion', {
      ...GRAPH_ENV,
      INGESTION_PORT: '4100',
      INGESTION_PUBLIC_URL: 'http://127.0.0.1:4100',
    }),
    service('fetcher', { ...GRAPH_ENV, ...DEMO_PRIVACY_ENV, FETCHER_PORT: '4101' }),
    service('indexer', {
      PRIVACY_KEY_SECRET: DEMO_PRIVACY_ENV.PRIVACY_KEY_SECRET,
      INDEXER_PORT: '4102',
    }),
    service('aggregator', { AGGREGATOR_PORT: '4103' }),
    service('gateway', {
      GATEWAY_PORT: '4000',
      GATEWAY_AUTH_ISSUER: `${SIMULATOR_URL}/${GRAPH_ENV.GRAPH_TENANT_IDS}/v2.0`,
      GATEWAY_AUTH_CA_FILE: GRAPH_ENV.GRAPH_CA_FILE,
      GATEWAY_DEV_MODE: 'true',
      // Built by `nx run gateway:build`, which `npm start` runs first (cached by Nx).
      GATEWAY_GRAPHIQL_DIR: 'dist/services/gateway/graphiql',
    }),
    {
      name: 'demo-data',
      entry: 'scripts/demo-data.mts',
      command: node,
      args: ['scripts/demo-data.mts'],
      env: { GRAPH_SIM_HTTP_PORT: SIMULATOR_HTTP_PORT },
      critical: false,
    },
  ];
}
