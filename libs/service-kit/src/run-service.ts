import { readFileSync } from 'node:fs';

import type { LevelWithSilent } from 'pino';
import type { z } from 'zod';

import { ConfigError, loadConfig } from './config';
import type { Env } from './config';
import { Readiness } from './health';
import { createLogger, logFormatOf } from './logger';
import type { LogFormat, Logger } from './logger';
import { createMetricsRegistry } from './metrics';
import type { Registry } from './metrics';

/** What every service's start function receives besides its config: one of each per process. */
export interface ServiceRuntime {
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
  /** Reads files named by config (CA bundles, `*_FILE` secrets). */
  readonly readFile: (path: string) => string;
}

export interface RunServiceOptions<S extends z.ZodObject> {
  readonly service: string;
  readonly version: string;
  readonly schema: S;
  readonly start: (config: Readonly<z.infer<S>>, runtime: ServiceRuntime) => Promise<unknown>;
  readonly env?: Env;
  /** Where a config or boot failure is reported before the process exits 1 (default stderr). */
  readonly report?: (message: string) => void;
  readonly exit?: (code: number) => void;
}

/**
 * The body of every `main.ts`: validate the whole config before anything starts (every bad key
 * listed, exit 1), create the process's logger, metrics and readiness, then start. A failure to boot
 * (an unreachable dependency at start) is logged and ends the process so the orchestrator restarts it.
 */
export async function runService<S extends z.ZodObject>(
  options: RunServiceOptions<S>,
): Promise<void> {
  const report = options.report ?? ((message: string) => void process.stderr.write(`${message}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const readFile = (path: string): string => readFileSync(path, 'utf8');
  let config: Readonly<z.infer<S>>;
  try {
    config = loadConfig(options.schema, options.env ?? process.env, { readFile });
  } catch (error) {
    report(error instanceof ConfigError ? error.message : String(error));
    exit(1);
    return;
  }
  const level = (config as { LOG_LEVEL?: LevelWithSilent }).LOG_LEVEL;
  let format: LogFormat;
  try {
    format = logFormatOf((options.env ?? process.env)['LOG_FORMAT'], process.stdout.isTTY === true);
  } catch (error) {
    report(error instanceof Error ? error.message : String(error));
    exit(1);
    return;
  }
  const logger = createLogger({
    service: options.service,
    version: options.version,
    level,
    format,
  });
  const runtime: ServiceRuntime = {
    logger,
    registry: createMetricsRegistry({ service: options.service }),
    readiness: new Readiness(),
    readFile,
  };
  try {
    await options.start(config, runtime);
  } catch (error) {
    logger.fatal({ err: error }, `${options.service} failed to start`);
    report(
      `${options.service} failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
    exit(1);
  }
}
