// `npm start`, the main job: brings up Kafka and OpenSearch (the local stack, unless KAFKA_BROKERS and
// OPENSEARCH_URL name services you run), then runs the pipeline's processes in the foreground with
// prefixed logs until Ctrl-C. The stack stays up afterwards (`npm run stack -- down` stops it).
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { FROM_BUILD, pipelineProcesses } from './processes.mts';
import type { ProcessSpec } from './processes.mts';

const root = join(import.meta.dirname, '..');
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
        process.stdout.write(`${label}| ${line}\n`),
      );
    }
  }
}

function run(spec: ProcessSpec, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(spec.command, spec.args, {
    cwd: root,
    env: { ...env, ...spec.env },
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
}

await main();
