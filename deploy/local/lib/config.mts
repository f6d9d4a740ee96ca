// Where everything lives and which ports are used. Pure apart from reading env and the run/ state files.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServiceName = 'kafka' | 'opensearch';
export const SERVICE_NAMES: readonly ServiceName[] = ['kafka', 'opensearch'];

/** Options of every stack function. Each one falls back to an env var, then to a default. */
export interface StackOptions {
  /** Services to act on; default both. */
  services?: readonly ServiceName[];
  /** Data dir (jars, data, logs, pids). Env CALLRECORDS_STACK_DIR; default deploy/local/.data. */
  dataDir?: string;
  /** Env KAFKA_PORT, default 9092. */
  kafkaPort?: number;
  /** Env KAFKA_CONTROLLER_PORT, default 9093. */
  kafkaControllerPort?: number;
  /** Env OPENSEARCH_PORT, default 9200. */
  opensearchPort?: number;
  /** Env OPENSEARCH_TRANSPORT_PORT, default 9300. */
  opensearchTransportPort?: number;
  /** Readiness timeout per service in ms. Env CALLRECORDS_STACK_TIMEOUT_MS, default 120000. */
  timeoutMs?: number;
  /** Maven local repository (-Dmaven.repo.local). Env CALLRECORDS_M2_REPO; default Maven's (~/.m2). */
  m2Repo?: string;
  /** java executable. Env CALLRECORDS_JAVA, else $JAVA_HOME/bin/java, else `java` on PATH. */
  java?: string;
  /** Progress messages (resolving jars, formatting storage, ...); default: none. */
  log?: (message: string) => void;
}

export interface Ports {
  kafka: number;
  kafkaController: number;
  opensearch: number;
  opensearchTransport: number;
}

export interface StackConfig {
  /** deploy/local (poms, templates, launcher source). */
  root: string;
  dataDir: string;
  libDir: string;
  runDir: string;
  logsDir: string;
  services: readonly ServiceName[];
  ports: Ports;
  timeoutMs: number;
  m2Repo: string | undefined;
  java: string;
  log: (message: string) => void;
}

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function envNumber(name: string, fallback: number, max = 65535): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0 || value > max) {
    throw new Error(`${name}=${raw} is not a valid ${max === 65535 ? 'port' : 'positive integer'}`);
  }
  return value;
}

function defaultJava(): string {
  if (process.env['CALLRECORDS_JAVA']) {
    return process.env['CALLRECORDS_JAVA'];
  }
  return process.env['JAVA_HOME'] ? join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';
}

export function resolveConfig(opts: StackOptions = {}): StackConfig {
  const dataDir = resolve(
    opts.dataDir ?? process.env['CALLRECORDS_STACK_DIR'] ?? join(ROOT, '.data'),
  );
  return {
    root: ROOT,
    dataDir,
    libDir: join(dataDir, 'lib'),
    runDir: join(dataDir, 'run'),
    logsDir: join(dataDir, 'logs'),
    services: opts.services && opts.services.length > 0 ? opts.services : SERVICE_NAMES,
    ports: {
      kafka: opts.kafkaPort ?? envNumber('KAFKA_PORT', 9092),
      kafkaController: opts.kafkaControllerPort ?? envNumber('KAFKA_CONTROLLER_PORT', 9093),
      opensearch: opts.opensearchPort ?? envNumber('OPENSEARCH_PORT', 9200),
      opensearchTransport:
        opts.opensearchTransportPort ?? envNumber('OPENSEARCH_TRANSPORT_PORT', 9300),
    },
    timeoutMs:
      opts.timeoutMs ?? envNumber('CALLRECORDS_STACK_TIMEOUT_MS', 120_000, Number.MAX_SAFE_INTEGER),
    m2Repo: opts.m2Repo ?? (process.env['CALLRECORDS_M2_REPO'] || undefined),
    java: opts.java ?? defaultJava(),
    log: opts.log ?? (() => undefined),
  };
}

/** The ports one service binds, with a label for messages. */
export function servicePorts(name: ServiceName, ports: Ports): { label: string; port: number }[] {
  if (name === 'kafka') {
    return [
      { label: 'kafka PLAINTEXT listener (KAFKA_PORT)', port: ports.kafka },
      { label: 'kafka CONTROLLER listener (KAFKA_CONTROLLER_PORT)', port: ports.kafkaController },
    ];
  }
  return [
    { label: 'opensearch HTTP (OPENSEARCH_PORT)', port: ports.opensearch },
    { label: 'opensearch transport (OPENSEARCH_TRANSPORT_PORT)', port: ports.opensearchTransport },
  ];
}

/** What a running service recorded at start: its pid and the ports it was given. */
export interface RunState {
  name: ServiceName;
  pid: number;
  ports: Ports;
  startedAt: string;
}

export function pidFile(cfg: StackConfig, name: ServiceName): string {
  return join(cfg.runDir, `${name}.pid`);
}

export function stateFile(cfg: StackConfig, name: ServiceName): string {
  return join(cfg.runDir, `${name}.json`);
}

export function logFile(cfg: StackConfig, name: ServiceName): string {
  return join(cfg.logsDir, `${name}.log`);
}

export function readRunState(cfg: StackConfig, name: ServiceName): RunState | undefined {
  try {
    const state = JSON.parse(readFileSync(stateFile(cfg, name), 'utf8')) as RunState;
    return typeof state.pid === 'number' ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Ports of a running service (as recorded when it started), else the configured ones. */
export function effectivePorts(cfg: StackConfig, name: ServiceName): Ports {
  return readRunState(cfg, name)?.ports ?? cfg.ports;
}

export function endpoint(name: ServiceName, ports: Ports): string {
  return name === 'kafka' ? `127.0.0.1:${ports.kafka}` : `http://127.0.0.1:${ports.opensearch}`;
}
