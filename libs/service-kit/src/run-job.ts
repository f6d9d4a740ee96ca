import { readFileSync } from 'node:fs';

import type { LevelWithSilent } from 'pino';
import type { z } from 'zod';

import { ConfigError, loadConfig } from './config';
import type { Env } from './config';
import { createLogger } from './logger';
import type { Logger } from './logger';

/** What a one-shot job's body receives besides its config. */
export interface JobRuntime {
  readonly logger: Logger;
  /** Reads files named by config (CA bundles, `*_FILE` secrets). */
  readonly readFile: (path: string) => string;
}

export interface RunJobOptions<S extends z.ZodObject> {
  readonly job: string;
  readonly version: string;
  readonly schema: S;
  /** The work; resolves to the exit code. */
  readonly run: (config: Readonly<z.infer<S>>, runtime: JobRuntime) => Promise<number>;
  readonly env?: Env;
  /** Where a config error or a failure is reported (default stderr). */
  readonly report?: (message: string) => void;
  readonly exit?: (code: number) => void;
}

/**
 * The body of every one-shot entry point (a Kubernetes Job, a CLI): validate the whole config first,
 * run, exit with the code the work returned; a config error or a throw is reported and exits 1.
 */
export async function runJob<S extends z.ZodObject>(options: RunJobOptions<S>): Promise<void> {
  const report = options.report ?? ((message: string) => void process.stderr.write(`${message}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const readFile = (path: string): string => readFileSync(path, 'utf8');
  try {
    const config = loadConfig(options.schema, options.env ?? process.env, { readFile });
    const level = (config as { LOG_LEVEL?: LevelWithSilent }).LOG_LEVEL;
    const logger = createLogger({ service: options.job, version: options.version, level });
    exit(await options.run(config, { logger, readFile }));
  } catch (error) {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    report(`${options.job} failed: ${message}`);
    exit(1);
  }
}
