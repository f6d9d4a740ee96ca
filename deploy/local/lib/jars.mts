// Jars from Maven Central into .data/lib/<service>/ (skipped while the stamp matches the pom), and the
// OpenSearch launcher compiled once into .data/lib/opensearch-launcher/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { ServiceName, StackConfig } from './config.mts';
import { checkCommand } from './proc.mts';

export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface JarSet {
  name: ServiceName;
  dir: string;
  jars: number;
  bytes: number;
  /** True when mvn ran now; false when the stamp matched and resolution was skipped. */
  resolved: boolean;
  ms: number;
}

interface Stamp {
  hash: string;
  jars: string[];
}

const sha256 = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\0')).digest('hex');

export function pomPath(cfg: StackConfig, name: ServiceName): string {
  return join(cfg.root, name, 'pom.xml');
}

export function jarDir(cfg: StackConfig, name: ServiceName): string {
  return join(cfg.libDir, name);
}

function readStamp(dir: string): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, '.stamp'), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

function isComplete(dir: string, hash: string): boolean {
  const stamp = readStamp(dir);
  return stamp?.hash === hash && stamp.jars.every((jar) => existsSync(join(dir, jar)));
}

function summarize(dir: string, run: { name: ServiceName; resolved: boolean; t0: number }): JarSet {
  const jars = readdirSync(dir).filter((f) => f.endsWith('.jar'));
  const bytes = jars.reduce((sum, jar) => sum + statSync(join(dir, jar)).size, 0);
  return {
    name: run.name,
    dir,
    jars: jars.length,
    bytes,
    resolved: run.resolved,
    ms: Date.now() - run.t0,
  };
}

function runMaven(cfg: StackConfig, name: ServiceName, outDir: string): void {
  const args = ['-B', '-q', '-Dstyle.color=never', '-f', pomPath(cfg, name)];
  if (cfg.m2Repo) {
    args.push(`-Dmaven.repo.local=${cfg.m2Repo}`);
  }
  args.push(`${DEPENDENCY_PLUGIN}:copy-dependencies`, `-DoutputDirectory=${outDir}`);
  args.push('-DincludeScope=runtime');
  const res = spawnSync('mvn', args, { encoding: 'utf8', timeout: 20 * 60_000 });
  if (res.error || res.status !== 0) {
    const output = `${res.stdout ?? ''}${res.stderr ?? ''}`
      .trim()
      .split('\n')
      .slice(-30)
      .join('\n');
    throw new Error(
      `mvn could not resolve the ${name} jars (exit ${res.status ?? res.error?.message}).\n` +
        `command: mvn ${args.join(' ')}\n${output}`,
    );
  }
}

/** Makes .data/lib/<name>/ hold exactly the jars of deploy/local/<name>/pom.xml. */
export function ensureJars(cfg: StackConfig, name: ServiceName): JarSet {
  const t0 = Date.now();
  const dir = jarDir(cfg, name);
  const hash = sha256(readFileSync(pomPath(cfg, name), 'utf8'), DEPENDENCY_PLUGIN);
  if (isComplete(dir, hash)) {
    return summarize(dir, { name, resolved: false, t0 });
  }
  checkCommand('mvn', 'install Maven 3.8+ (apt-get install maven) to resolve the jars once');
  cfg.log(`${name}: resolving jars from Maven Central into ${dir} ...`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  try {
    runMaven(cfg, name, tmp);
    const jars = readdirSync(tmp).filter((f) => f.endsWith('.jar'));
    writeFileSync(join(tmp, '.stamp'), `${JSON.stringify({ hash, jars }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return summarize(dir, { name, resolved: true, t0 });
}

function javacFor(java: string): string {
  return java.includes('/') ? join(dirname(java), 'javac') : 'javac';
}

/** Compiles EmbeddedOpenSearch.java once (again only when it or the jars change); returns its class dir. */
export function ensureLauncher(cfg: StackConfig): string {
  const source = join(cfg.root, 'opensearch', 'EmbeddedOpenSearch.java');
  const libs = jarDir(cfg, 'opensearch');
  const out = join(cfg.libDir, 'opensearch-launcher');
  const hash = sha256(readFileSync(source, 'utf8'), readStamp(libs)?.hash ?? '');
  if (readStamp(out)?.hash === hash && existsSync(join(out, 'EmbeddedOpenSearch.class'))) {
    return out;
  }
  const javac = javacFor(cfg.java);
  checkCommand(javac, 'a JDK (not only a JRE) is needed to compile EmbeddedOpenSearch.java');
  cfg.log(`opensearch: compiling ${basename(source)} ...`);
  rmSync(out, { recursive: true, force: true });
  const res = spawnSync(javac, ['-nowarn', '-cp', `${libs}/*`, '-d', out, source], {
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    throw new Error(`javac failed for ${source}:\n${res.stdout}${res.stderr}`);
  }
  writeFileSync(join(out, '.stamp'), `${JSON.stringify({ hash, jars: [] })}\n`);
  return out;
}
