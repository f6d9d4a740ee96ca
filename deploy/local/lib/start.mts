// Starting one JVM detached, and waiting until it really answers (or died, or timed out).
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

import type { Ports, ServiceName, StackConfig } from './config.mts';
import { logFile } from './config.mts';
import type { JarSet } from './jars.mts';
import { ensureJars, ensureLauncher } from './jars.mts';
import { isOurProcess, removeRunFiles, stopProcess, writeRunFiles } from './proc.mts';
import { prepare, probe } from './services.mts';

export interface Started {
  name: ServiceName;
  pid: number;
  ports: Ports;
  /** When the JVM was spawned (or when we began waiting for one already running). */
  t0: number;
  child?: ChildProcess;
  /** Offset in the log file where this run's output begins. */
  logOffset?: number;
}

/** Jars for the services to start (sequential: Maven 3.8 has no lock on a shared ~/.m2). */
export function resolveAll(cfg: StackConfig, names: readonly ServiceName[]): JarSet[] {
  const sets = names.map((name) => ensureJars(cfg, name));
  if (names.includes('opensearch')) {
    ensureLauncher(cfg);
  }
  return sets;
}

/** Spawns the service's JVM detached, output appended to .data/logs/<name>.log, pid file written. */
export function startService(
  cfg: StackConfig,
  name: ServiceName,
  java: { path: string; major: number },
): Started {
  const launch = prepare(cfg, name, java);
  const log = logFile(cfg, name);
  const logOffset = existsSync(log) ? statSync(log).size : 0;
  const fd = openSync(log, 'a');
  writeSync(
    fd,
    `\n===== ${new Date().toISOString()} starting ${name}: ${java.path} ${launch.args.join(' ')}\n`,
  );
  const t0 = Date.now();
  const child = spawn(java.path, launch.args, {
    cwd: launch.home,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) {
    throw new Error(`${name}: could not spawn ${java.path}`);
  }
  writeRunFiles(cfg, {
    name,
    pid: child.pid,
    ports: cfg.ports,
    startedAt: new Date(t0).toISOString(),
  });
  cfg.log(`${name}: started pid ${child.pid}, waiting until it answers ...`);
  return { name, pid: child.pid, ports: cfg.ports, t0, child, logOffset };
}

function logTail(cfg: StackConfig, name: ServiceName, offset = 0): string {
  try {
    const text = readFileSync(logFile(cfg, name)).subarray(offset).toString('utf8');
    return text.replace(/\n$/, '').split('\n').slice(-30).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves with the ms from spawn to ready; rejects when the JVM dies or the timeout passes. */
export async function waitReady(cfg: StackConfig, s: Started): Promise<number> {
  let exit: string | undefined;
  s.child?.once('exit', (code, signal) => {
    exit = signal ? `signal ${signal}` : `exit code ${code}`;
  });
  const deadline = Date.now() + cfg.timeoutMs;
  let last = 'not probed yet';
  while (Date.now() < deadline) {
    const result = await probe(s.name, s.ports);
    if (result.ready) {
      return Date.now() - s.t0;
    }
    last = result.detail;
    if (exit !== undefined || !isOurProcess(cfg, s.name, s.pid)) {
      removeRunFiles(cfg, s.name);
      throw new Error(
        `${s.name} (pid ${s.pid}) died during start (${exit ?? 'process gone'}). ` +
          `Last 30 lines of ${logFile(cfg, s.name)}:\n${logTail(cfg, s.name, s.logOffset)}`,
      );
    }
    await sleep(s.name === 'kafka' ? 200 : 100);
  }
  if (s.child) {
    await stopProcess(cfg, s, 10_000); // ours and half-started: do not leave it behind
    removeRunFiles(cfg, s.name);
  }
  throw new Error(
    `${s.name} (pid ${s.pid}) was not ready within ${cfg.timeoutMs} ms (${last})` +
      `${s.child ? '; stopped it' : ''}. Last 30 lines of ${logFile(cfg, s.name)}:\n` +
      logTail(cfg, s.name, s.logOffset),
  );
}
