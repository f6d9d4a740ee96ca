import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePort } from './free-port';

const REPO_ROOT = resolve(__dirname, '../../..');
const STACK_CLI = join(REPO_ROOT, 'deploy/local/stack.mts');

/** A Kafka broker of one test's own, so that it can be stopped, killed and restarted freely. */
export interface PrivateKafka {
  /** `host:port` of its PLAINTEXT listener; stays the same across restarts. */
  readonly brokers: readonly string[];
  /** Graceful stop (SIGTERM and wait); the data stays for `start()`. */
  stop(): Promise<void>;
  /** SIGKILL, as a crashed broker or a lost node; `start()` recovers from its log. */
  kill(): void;
  /** Starts it again on the same ports and data; resolves once it answers requests. */
  start(): Promise<void>;
  /** Stops it and deletes its data. */
  close(): Promise<void>;
}

function runStack(args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [STACK_CLI, ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolveRun(stdout)
        : reject(new Error(`stack ${args.join(' ')} exited ${code}: ${stderr.trim()}`)),
    );
  });
}

// Jars are shared with the main local stack (read-only use), so a private broker starts in ~4 s.
function shareJars(dataDir: string): void {
  const mainLib = join(
    process.env['CALLRECORDS_STACK_DIR'] ?? join(REPO_ROOT, 'deploy/local/.data'),
    'lib',
  );
  if (existsSync(join(mainLib, 'kafka'))) {
    mkdirSync(join(dataDir, 'lib'), { recursive: true });
    symlinkSync(join(mainLib, 'kafka'), join(dataDir, 'lib', 'kafka'));
  }
}

/**
 * Starts a dedicated single-node Kafka (KRaft) from the local stack's jars on free ports, with its own
 * data directory. For outage, restart and crash tests that must not disturb the shared broker.
 */
export async function startPrivateKafka(): Promise<PrivateKafka> {
  const dataDir = mkdtempSync(join(tmpdir(), 'callrecords-private-kafka-'));
  shareJars(dataDir);
  const kafkaPort = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CALLRECORDS_STACK_DIR: dataDir,
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(await freePort()),
  };
  const pidPath = join(dataDir, 'run', 'kafka.pid');
  const start = async (): Promise<void> => {
    await runStack(['up', 'kafka', '--json'], env);
  };
  const stop = async (): Promise<void> => {
    await runStack(['down', 'kafka'], env);
  };
  await start();
  return {
    brokers: [`127.0.0.1:${kafkaPort}`],
    start,
    stop,
    kill: () => {
      const pid = Number(readFileSync(pidPath, 'utf8').trim());
      process.kill(pid, 'SIGKILL');
    },
    close: async () => {
      await stop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
