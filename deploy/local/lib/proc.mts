// Processes: the java check, our JVMs' identity (a marker in /proc/<pid>/cmdline), pid files, stopping.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

import type { RunState, ServiceName, StackConfig } from './config.mts';
import { pidFile, stateFile } from './config.mts';

/** JVM flags that mark a process as ours: this service, this data dir. */
export function markerArgs(cfg: StackConfig, name: ServiceName): string[] {
  return [`-Dcallrecords.stack=${name}`, `-Dcallrecords.stack.dir=${cfg.dataDir}`];
}

function cmdline(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return undefined;
  }
}

function isZombie(pid: number): boolean {
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return true;
  }
}

/** True when pid is alive and is our JVM for this service and data dir (not a reused pid). */
export function isOurProcess(cfg: StackConfig, name: ServiceName, pid: number): boolean {
  const args = cmdline(pid);
  if (!args || isZombie(pid)) {
    return false;
  }
  return markerArgs(cfg, name).every((marker) => args.includes(marker));
}

/** Our JVMs for this service found by scanning /proc (covers a lost pid file). */
export function findOurProcesses(cfg: StackConfig, name: ServiceName): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => pid !== process.pid && isOurProcess(cfg, name, pid));
}

export function readPid(cfg: StackConfig, name: ServiceName): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile(cfg, name), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of our running JVM for the service: from the pid file, else from a /proc scan. */
export function runningPid(cfg: StackConfig, name: ServiceName): number | undefined {
  const pid = readPid(cfg, name);
  if (pid !== undefined && isOurProcess(cfg, name, pid)) {
    return pid;
  }
  return findOurProcesses(cfg, name)[0];
}

export function writeRunFiles(cfg: StackConfig, state: RunState): void {
  writeFileSync(pidFile(cfg, state.name), `${state.pid}\n`);
  writeFileSync(stateFile(cfg, state.name), `${JSON.stringify(state, null, 2)}\n`);
}

export function removeRunFiles(cfg: StackConfig, name: ServiceName): void {
  rmSync(pidFile(cfg, name), { force: true });
  rmSync(stateFile(cfg, name), { force: true });
}

/** Resident memory of a pid in kB (VmRSS), if known. */
export function rssKb(pid: number): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait up to graceMs for the JVM to exit, then SIGKILL. Returns how it ended. */
export async function stopProcess(
  cfg: StackConfig,
  target: { name: ServiceName; pid: number },
  graceMs = 30_000,
): Promise<'stopped' | 'killed' | 'gone'> {
  const { name, pid } = target;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'gone';
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurProcess(cfg, name, pid)) {
      return 'stopped';
    }
    await sleep(200);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return 'stopped';
  }
  while (isOurProcess(cfg, name, pid)) {
    await sleep(100);
  }
  return 'killed';
}

/** Major version of the java executable; throws a clear error when missing or older than 17. */
export function checkJava(java: string): number {
  const res = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (res.error) {
    throw new Error(
      `java not found (${java}): install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless) ` +
        'or set JAVA_HOME / CALLRECORDS_JAVA',
    );
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${res.stderr}${res.stdout}`);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  if (major < 17) {
    throw new Error(`${java} is Java ${major || '?'}; Kafka 4.1 and OpenSearch 2.19 need Java 17+`);
  }
  return major;
}

/** Throws a clear error when a command (mvn, javac) is not on PATH. */
export function checkCommand(command: string, hint: string): void {
  const res = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (res.error) {
    throw new Error(`${command} not found on PATH: ${hint}`);
  }
}
