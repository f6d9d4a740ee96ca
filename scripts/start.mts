// `npm start`, the main job: brings up Kafka and OpenSearch (the local stack, unless KAFKA_BROKERS and
// OPENSEARCH_URL name services you run), then runs the pipeline's processes in the foreground with
// prefixed logs until Ctrl-C. The stack stays up afterwards (`npm run stack -- down` stops it).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { FROM_BUILD, pipelineProcesses } from './processes.mts';
import type { ProcessSpec } from './processes.mts';
import {
  createLineRenderer,
  endpointsOf,
  lineFormat,
  portsOf,
  readStatus,
  readyBlock,
  statusLine,
} from './start-status.mts';

const root = join(import.meta.dirname, '..');
const STATUS_EVERY_MS = 10_000;
// Children log JSON; we render it (readable on a terminal or with LOG_FORMAT=pretty) and count errors.
const lines = createLineRenderer(
  lineFormat(process.env, process.stdout.isTTY === true),
  process.stdout.isTTY === true,
);
const say = (line: string): void => {
  process.stdout.write(`[start] ${line}\n`);
};

function ensureServices(): NodeJS.ProcessEnv {
  if (process.env['KAFKA_BROKERS'] && process.env['OPENSEARCH_URL']) {
    say(
      `using KAFKA_BROKERS=${process.env['KAFKA_BROKERS']} OPENSEARCH_URL=${process.env['OPENSEARCH_URL']}`,
    );
    return process.env;
  }
  // --json: stdout is the endpoints the stack listens on (status lines go to our stderr).
  const up = spawnSync(process.execPath, [join(root, 'deploy/local/stack.mts'), 'up', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  if (up.status !== 0) {
    say('the local stack did not start; see the messages above (npm run stack -- logs)');
    process.exit(up.status ?? 1);
  }
  const endpoints = JSON.parse(up.stdout) as { kafkaBrokers: string[]; opensearchUrl: string };
  return {
    ...process.env,
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
    OPENSEARCH_URL: endpoints.opensearchUrl,
  };
}

function prefixLines(child: ChildProcess, name: string): void {
  const label = name.padEnd(16);
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) {
      createInterface({ input: stream }).on('line', (line) =>
        process.stdout.write(`${label}| ${lines.render(line)}\n`),
      );
    }
  }
}

function run(spec: ProcessSpec, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(spec.command, spec.args, {
    cwd: root,
    env: { ...env, ...spec.env, LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixLines(child, spec.name);
  return child;
}

async function waitUntilReady(spec: ProcessSpec, child: ChildProcess): Promise<void> {
  const url = spec.readyUrl;
  const deadline = Date.now() + 60_000;
  while (url && child.exitCode === null && Date.now() < deadline) {
    const response = await fetch(url).catch(() => undefined);
    if (response?.ok) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (url && child.exitCode === null) {
    say(`${spec.name} did not answer ${url} within 60 s; starting the rest anyway`);
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// Another pipeline on our ports would answer in place of ours: say so and stop before starting.
async function checkPortsFree(specs: readonly ProcessSpec[]): Promise<void> {
  const ports = portsOf(specs);
  const taken = (
    await Promise.all(ports.map(async (p) => ((await isListening(p)) ? [p] : [])))
  ).flat();
  if (taken.length > 0) {
    say(
      `ports ${taken.join(', ')} are in use (another npm start?); stop that first. Needed: ${ports.join(', ')}`,
    );
    process.exit(1);
  }
}

// Every service answers /health/ready, then one block says what runs where, then a status line.
async function announceWhenReady(
  specs: readonly ProcessSpec[],
  env: NodeJS.ProcessEnv,
  isStopping: () => boolean,
): Promise<void> {
  const endpoints = endpointsOf(specs, env);
  const deadline = Date.now() + 120_000;
  for (const { url } of endpoints.metrics) {
    const ready = url?.replace(/\/metrics$/, '/health/ready');
    while (ready && !isStopping() && Date.now() < deadline) {
      const response = await fetch(ready).catch(() => undefined);
      if (response?.ok) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  if (isStopping()) {
    return;
  }
  process.stdout.write(`${readyBlock(endpoints)}\n`);
  const timer = setInterval(() => {
    void readStatus(endpoints).then((status) => {
      if (!isStopping()) {
        say(statusLine(status, lines.errors()));
      }
    });
  }, STATUS_EVERY_MS);
  // The children keep the process alive; once they have exited, the status line must not.
  timer.unref();
}

// The bundles (CALLRECORDS_FROM_BUILD=1) or at least the gateway's GraphiQL assets; Nx replays
// its cache when nothing changed.
function build(): void {
  const projects = FROM_BUILD ? [] : ['--projects=gateway'];
  say(FROM_BUILD ? 'building the services (npm run build)' : 'building the GraphiQL assets');
  const nx = join(root, 'node_modules/.bin/nx');
  const built = spawnSync(
    process.execPath,
    [nx, 'run-many', '-t', 'build', ...projects, '--outputStyle=static'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (built.status !== 0) {
    say('the build failed; see the messages above');
    process.exit(built.status ?? 1);
  }
}

async function main(): Promise<void> {
  const env = ensureServices();
  build();
  const specs = pipelineProcesses().filter((spec) => existsSync(join(root, spec.entry)));
  if (specs.length === 0) {
    say('Kafka and OpenSearch are up; no pipeline processes to run yet.');
    return;
  }
  await checkPortsFree(specs);
  const children: { spec: ProcessSpec; child: ChildProcess }[] = [];
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    say('stopping (the local stack stays up: npm run stack -- down)');
    for (const { child } of children) {
      child.kill('SIGTERM');
    }
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  say(`starting ${specs.map((s) => s.name).join(', ')}; Ctrl-C stops them`);
  // In order: a process with a readyUrl (the simulator, whose CA the others must read) answers
  // before the next one starts.
  for (const spec of specs) {
    if (stopping) {
      break;
    }
    const child = run(spec, env);
    children.push({ spec, child });
    child.on('exit', (code, signal) => {
      say(`${spec.name} exited (${signal ?? code})`);
      if (!stopping && spec.critical) {
        process.exitCode = 1;
        stop();
      }
    });
    await waitUntilReady(spec, child);
  }
  await announceWhenReady(specs, env, () => stopping);
}

await main();
