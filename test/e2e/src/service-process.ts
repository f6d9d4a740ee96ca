import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { freePort, waitFor } from '@callrecords/testing';

const REPO_ROOT = resolve(__dirname, '../../..');
// pino's JSON lines (service-kit writes the level as a label when stdout is not a terminal).
const ERROR_LEVEL = /"level":"(error|fatal)"/;

/** One service of the pipeline, running from source as its own OS process (as `npm start` runs it). */
export interface ServiceProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** The last lines it logged (for a failing test's message). */
  logs(): readonly string[];
  /** Every line it logged since it started (stdout and stderr), for tests that read all of them. */
  allLines(): readonly string[];
  /** Every line it logged at `error` or `fatal` since it started: a healthy run has none. */
  errorLines(): readonly string[];
  /** SIGTERM and wait for the exit (graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL, as a crash or an evicted pod. */
  kill(): Promise<void>;
  readonly child: ChildProcess;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(child.exitCode);
  }
  return new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
}

function spawnService(
  name: string,
  env: Readonly<Record<string, string>>,
  port: number,
): { child: ChildProcess; lines: string[]; all: string[]; errors: string[] } {
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=TimeoutNegativeWarning',
      join(REPO_ROOT, 'scripts/run-ts.mts'),
      `services/${name}/src/main.ts`,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        // JSON lines, whatever the caller's LOG_FORMAT: errorLines() reads the level from them.
        LOG_FORMAT: 'json',
        ...env,
        [`${name.toUpperCase()}_PORT`]: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const all: string[] = [];
  const errors: string[] = [];
  // CALLRECORDS_E2E_LOG_DIR: every line of every service also goes to <dir>/<name>-<pid>.log.
  const logDir = process.env['CALLRECORDS_E2E_LOG_DIR'];
  const logFile = logDir ? createWriteStream(join(logDir, `${name}-${child.pid}.log`)) : undefined;
  child.once('close', () => logFile?.end());
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      logFile?.write(`${line}\n`);
      if (ERROR_LEVEL.test(line)) {
        errors.push(line);
      }
      lines.push(line);
      all.push(line);
      if (lines.length > 200) {
        lines.shift();
      }
    });
  }
  return { child, lines, all, errors };
}

async function waitReady(service: ServiceProcess, readyTimeoutMs: number): Promise<void> {
  // A service that exits during boot (bad config, port taken) fails at once, not at the timeout.
  await Promise.race([
    waitFor(
      async () => {
        const response = await fetch(`${service.url}/health/ready`).catch(() => undefined);
        return response?.status === 200;
      },
      { timeoutMs: readyTimeoutMs, intervalMs: 250, description: `${service.name} ready` },
    ),
    exited(service.child).then((code) => {
      throw new Error(`${service.name} exited with ${code} before it was ready`);
    }),
  ]);
}

/**
 * Starts `services/<name>/src/main.ts` with `env` and `<NAME>_PORT` set to a free port, and resolves
 * once its `/health/ready` answers 200. Rejects with its last log lines when it exits or times out.
 */
export async function startServiceProcess(
  name: string,
  env: Readonly<Record<string, string>>,
  options: { readonly port?: number; readonly readyTimeoutMs?: number } = {},
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const { child, lines, all, errors } = spawnService(name, env, port);
  const service: ServiceProcess = {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    child,
    logs: () => [...lines],
    allLines: () => [...all],
    errorLines: () => [...errors],
    stop: async () => {
      child.kill('SIGTERM');
      return exited(child);
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
  try {
    await waitReady(service, readyTimeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${lines.slice(-40).join('\n')}`);
  }
  return service;
}

export interface PipelineEnv {
  /** Kafka, OpenSearch, prefixes and log level of every service. */
  readonly common: Readonly<Record<string, string>>;
  /** Graph credentials and hosts (fetcher and ingestion). */
  readonly graph: Readonly<Record<string, string>>;
  /** Extra keys of the fetcher. */
  readonly fetcher?: Readonly<Record<string, string>>;
  /** The token issuer the gateway trusts, and the CA of its JWKS endpoint. */
  readonly authIssuer: string;
  readonly caFile: string;
  /** Extra keys of the gateway (a `{tenantid}` issuer needs GATEWAY_AUTH_JWKS_URL). */
  readonly gateway?: Readonly<Record<string, string>>;
}

/**
 * The five services as `npm start` runs them, each pushed onto `into` once ready (so a caller stops
 * whatever started, even when a later one fails). One after another: two cores, and each compiles
 * its sources at boot.
 */
export async function startPipeline(env: PipelineEnv, into: ServiceProcess[]): Promise<void> {
  const { common, graph } = env;
  const ingestionPort = await freePort();
  const specs: [string, Record<string, string>, number?][] = [
    ['indexer', { ...common }],
    ['aggregator', { ...common }],
    ['fetcher', { ...common, ...graph, ...env.fetcher }],
    [
      'gateway',
      {
        ...common,
        GATEWAY_AUTH_ISSUER: env.authIssuer,
        GATEWAY_AUTH_CA_FILE: env.caFile,
        ...env.gateway,
      },
    ],
    [
      'ingestion',
      { ...common, ...graph, INGESTION_PUBLIC_URL: `http://127.0.0.1:${ingestionPort}` },
      ingestionPort,
    ],
  ];
  for (const [name, serviceEnv, port] of specs) {
    into.push(await startServiceProcess(name, serviceEnv, port ? { port } : {}));
  }
}
