// What every benchmark shares: it finds Kafka and OpenSearch as `npm test` does (KAFKA_BROKERS /
// OPENSEARCH_URL, else containers, else the local stack, started if down), and it prints its
// figures for people plus one machine-readable line that `npm run bench` collects.
import { join } from 'node:path';

import { resolveServices } from './resolve-services';
import { exportTestEnv } from './test-env';
import type { TestEnv } from './test-env';

/** The prefix of the one line per stage that `npm run bench` reads from a benchmark's stdout. */
export const BENCH_RESULT_PREFIX = 'BENCH_RESULT ';

/** A stage's figure beside its raw baseline, measured in the same run. */
export interface BenchResult {
  readonly stage: string;
  /** What was measured, e.g. "records/s" or "p95 ms, worst cell". */
  readonly metric: string;
  readonly service: number;
  readonly baseline: number;
  /** service / baseline, as the goal states it (a latency ratio: lower is better). */
  readonly ratio: number;
  /** The goal, in words, e.g. "≥ 0.9". */
  readonly goal: string;
  readonly met: boolean;
  /** Further figures (rows of a table), shown in the report as they are. */
  readonly details?: readonly Readonly<Record<string, string | number>>[];
}

export function reportBenchResult(result: BenchResult): void {
  process.stdout.write(`${BENCH_RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/**
 * Runs a benchmark's `main` with Kafka and OpenSearch found (and exported to the environment, so
 * child processes inherit them), then exits 0, or 1 with the error on stderr.
 */
export function runBench(main: (env: TestEnv) => Promise<void>): void {
  const log = (message: string): void => void process.stderr.write(`[bench services] ${message}\n`);
  const repoRoot = join(__dirname, '../../..');
  void (async () => {
    const { env, teardown } = await resolveServices({ env: process.env, repoRoot, log });
    if (!env) {
      throw new Error('a benchmark needs Kafka and OpenSearch (CALLRECORDS_TEST_SERVICES=none)');
    }
    exportTestEnv(env);
    try {
      await main(env);
    } finally {
      await teardown?.();
    }
  })().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
