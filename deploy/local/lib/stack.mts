// Public API of the local stack: stackUp / stackDown / stackStatus (+ paths, endpoints, log tails).
// Used by deploy/local/stack.mts (CLI) and meant for a Jest global setup.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';

import type { Ports, ServiceName, StackConfig, StackOptions } from './config.mts';
import {
  effectivePorts,
  endpoint,
  logFile,
  pidFile,
  readRunState,
  resolveConfig,
} from './config.mts';
import { servicePorts } from './config.mts';
import type { JarSet } from './jars.mts';
import { jarDir } from './jars.mts';
import { acquireLock } from './lock.mts';
import { describePortOwner, portAnswers, portIsFree } from './net.mts';
import {
  checkJava,
  findOurProcesses,
  readPid,
  removeRunFiles,
  rssKb,
  runningPid,
} from './proc.mts';
import { stopProcess } from './proc.mts';
import { probe, serviceHome } from './services.mts';
import { resolveAll, startService, waitReady } from './start.mts';

export type { ServiceName, StackOptions } from './config.mts';
export type { JarSet } from './jars.mts';

export interface ServiceStatus {
  name: ServiceName;
  /** up = our JVM is alive and answers; unhealthy = alive but not answering; down = not running. */
  state: 'up' | 'unhealthy' | 'down';
  pid: number | undefined;
  /** '127.0.0.1:9092' (Kafka bootstrap) or 'http://127.0.0.1:9200' (OpenSearch). */
  address: string;
  ports: Ports;
  detail: string;
  /** Resident memory of the JVM (VmRSS), kB. */
  rssKb: number | undefined;
  startedAt: string | undefined;
}

export interface UpServiceResult extends ServiceStatus {
  alreadyRunning: boolean;
  /** From spawn (or from the start of `up` for a running one) to ready. */
  readyMs: number;
}

export interface UpResult {
  services: UpServiceResult[];
  jars: JarSet[];
  endpoints: StackEndpoints;
  totalMs: number;
}

export interface DownResult {
  name: ServiceName;
  pid: number | undefined;
  result: 'stopped' | 'killed' | 'gone' | 'not running';
  ms: number;
}

export interface StackEndpoints {
  /** kafkajs `brokers`. */
  kafkaBrokers: string[];
  /** OpenSearch client `node`. */
  opensearchUrl: string;
}

export interface StackPaths {
  root: string;
  dataDir: string;
  libDirs: Record<ServiceName, string>;
  logs: Record<ServiceName, string>;
  pids: Record<ServiceName, string>;
  m2Repo: string;
}

export function stackPaths(opts: StackOptions = {}): StackPaths {
  const cfg = resolveConfig(opts);
  const per = (f: (name: ServiceName) => string): Record<ServiceName, string> => ({
    kafka: f('kafka'),
    opensearch: f('opensearch'),
  });
  return {
    root: cfg.root,
    dataDir: cfg.dataDir,
    libDirs: per((name) => jarDir(cfg, name)),
    logs: per((name) => logFile(cfg, name)),
    pids: per((name) => pidFile(cfg, name)),
    m2Repo: cfg.m2Repo ?? '~/.m2/repository (Maven default)',
  };
}

export function stackEndpoints(opts: StackOptions = {}): StackEndpoints {
  const cfg = resolveConfig(opts);
  return {
    kafkaBrokers: [endpoint('kafka', effectivePorts(cfg, 'kafka'), cfg.host)],
    opensearchUrl: endpoint('opensearch', effectivePorts(cfg, 'opensearch'), cfg.host),
  };
}

async function serviceStatus(cfg: StackConfig, name: ServiceName): Promise<ServiceStatus> {
  const ports = effectivePorts(cfg, name);
  const pid = runningPid(cfg, name);
  const base = { name, pid, address: endpoint(name, ports), ports, rssKb: undefined };
  if (pid === undefined) {
    const main = servicePorts(name, ports)[0];
    const foreign =
      main && (await portAnswers(main.port)) ? describePortOwner(main.port) : undefined;
    const stale = readPid(cfg, name);
    const detail = [
      'not running',
      stale === undefined ? '' : `stale pid file (pid ${stale} is not our JVM; 'up' removes it)`,
      foreign ? `port ${main?.port} is held by ${foreign}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return { ...base, state: 'down', detail, startedAt: undefined };
  }
  const result = await probe(name, ports, 0);
  return {
    ...base,
    state: result.ready ? 'up' : 'unhealthy',
    detail: result.detail,
    rssKb: rssKb(pid),
    startedAt: readRunState(cfg, name)?.startedAt,
  };
}

/** The truth about each service: is our JVM alive, does it answer, how healthy is it. */
export async function stackStatus(opts: StackOptions = {}): Promise<ServiceStatus[]> {
  const cfg = resolveConfig(opts);
  return Promise.all(cfg.services.map((name) => serviceStatus(cfg, name)));
}

async function portConflicts(cfg: StackConfig, names: ServiceName[]): Promise<string[]> {
  const conflicts: string[] = [];
  for (const name of names) {
    for (const { label, port } of servicePorts(name, cfg.ports)) {
      if (!(await portIsFree(port))) {
        const owner = describePortOwner(port) ?? 'unknown process (try: ss -ltnp)';
        conflicts.push(`port ${port} (${label}) on 127.0.0.1 is already in use by ${owner}`);
      }
    }
  }
  return conflicts;
}

function rotateLog(file: string): void {
  if (existsSync(file) && statSync(file).size > 20 * 1024 * 1024) {
    renameSync(file, `${file}.1`);
  }
}

async function startAndWait(
  cfg: StackConfig,
  plan: { running: Map<ServiceName, number | undefined>; toStart: ServiceName[]; t0: number },
  major: number,
): Promise<number[]> {
  const started = plan.toStart.map((name) => {
    rotateLog(logFile(cfg, name));
    return startService(cfg, name, { path: cfg.java, major });
  });
  const waits = cfg.services.map((name) => {
    const ports = effectivePorts(cfg, name);
    const existing = { name, pid: plan.running.get(name) ?? 0, ports, t0: plan.t0 };
    return waitReady(cfg, started.find((s) => s.name === name) ?? existing);
  });
  const results = await Promise.allSettled(waits);
  const failures = results.flatMap((r) =>
    r.status === 'rejected'
      ? [r.reason instanceof Error ? r.reason.message : String(r.reason)]
      : [],
  );
  if (failures.length > 0) {
    throw new Error(failures.join('\n\n'));
  }
  return results.map((r) => (r.status === 'fulfilled' ? r.value : 0));
}

/**
 * Starts the requested services (default both) in parallel and resolves when each one really answers.
 * Idempotent: a service already running and healthy is left alone. Throws with a clear message
 * (port taken, java/mvn missing, the last 30 log lines of a JVM that died, timeout).
 */
export async function stackUp(opts: StackOptions = {}): Promise<UpResult> {
  const t0 = Date.now();
  const cfg = resolveConfig(opts);
  for (const dir of [cfg.runDir, cfg.logsDir, cfg.libDir]) {
    mkdirSync(dir, { recursive: true });
  }
  const release = await acquireLock(cfg, cfg.timeoutMs + 60_000);
  try {
    const major = checkJava(cfg.java);
    const running = new Map(cfg.services.map((name) => [name, runningPid(cfg, name)]));
    const toStart = cfg.services.filter((name) => running.get(name) === undefined);
    toStart.forEach((name) => removeRunFiles(cfg, name)); // stale pid files
    const conflicts = await portConflicts(cfg, toStart);
    if (conflicts.length > 0) {
      throw new Error(
        `cannot start: ${conflicts.join('; ')}. Stop that process or set other ports.`,
      );
    }
    const jars = resolveAll(cfg, toStart);
    const readyMs = await startAndWait(cfg, { running, toStart, t0 }, major);
    const services = await Promise.all(
      cfg.services.map(async (name, i) => ({
        ...(await serviceStatus(cfg, name)),
        alreadyRunning: !toStart.includes(name),
        readyMs: readyMs[i] ?? 0,
      })),
    );
    return { services, jars, endpoints: stackEndpoints(opts), totalMs: Date.now() - t0 };
  } finally {
    release();
  }
}

/** SIGTERM our JVMs (verified by their cmdline marker), wait up to 30 s, then SIGKILL. */
export async function stackDown(opts: StackOptions = {}): Promise<DownResult[]> {
  const cfg = resolveConfig(opts);
  const release = await acquireLock(cfg, cfg.timeoutMs + 60_000);
  try {
    return await Promise.all(
      cfg.services.map(async (name): Promise<DownResult> => {
        const t0 = Date.now();
        const pids = [...new Set([runningPid(cfg, name), ...findOurProcesses(cfg, name)])];
        const ours = pids.filter((pid): pid is number => pid !== undefined);
        const outcomes = await Promise.all(ours.map((pid) => stopProcess(cfg, { name, pid })));
        removeRunFiles(cfg, name);
        const result = outcomes.includes('killed') ? 'killed' : (outcomes[0] ?? 'not running');
        return { name, pid: ours[0], result, ms: Date.now() - t0 };
      }),
    );
  } finally {
    release();
  }
}

/**
 * Stops the services and deletes their data (topics, offsets, indexes; not the jars or logs), so the
 * next `up` starts empty: the cure for a data directory grown by many test runs.
 */
export async function stackReset(
  opts: StackOptions = {},
): Promise<(DownResult & { removed: string })[]> {
  const cfg = resolveConfig(opts);
  const stopped = await stackDown(opts);
  return stopped.map((result) => {
    const removed = serviceHome(cfg, result.name);
    rmSync(removed, { recursive: true, force: true });
    return { ...result, removed };
  });
}

/** The last `lines` lines of a service's log file ('' when there is none). */
export function tailLog(opts: StackOptions, name: ServiceName, lines = 50): string {
  const file = logFile(resolveConfig(opts), name);
  if (!existsSync(file)) {
    return '';
  }
  const all = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
  return all.slice(-lines).join('\n');
}
