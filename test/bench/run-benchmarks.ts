// `npm run bench`: every stage benchmark, each beside its raw baseline, then the end-to-end run,
// one after another on the same machine; writes bench-results/report.md and SVG charts.
// BENCH_STAGES=ingestion,fetcher,indexer,gateway,pipeline picks some; the stage benchmarks' own
// variables (BENCH_RATES, BENCH_DURATION_S, …) pass through. Not a test: CI does not run it.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { BENCH_RESULT_PREFIX, runBench } from '@callrecords/testing';
import type { BenchResult } from '@callrecords/testing';

import { writeReport } from './src/report';
import type { PipelineRun, StageRun } from './src/report';

const ROOT = resolve(__dirname, '../..');
const RESULTS_DIR = resolve(ROOT, process.env['BENCH_RESULTS_DIR'] ?? 'bench-results');

const STAGES: readonly { id: string; file: string }[] = [
  { id: 'ingestion', file: 'services/ingestion/test/webhooks.bench.ts' },
  { id: 'fetcher', file: 'test/bench/fetcher.bench.ts' },
  { id: 'indexer', file: 'services/indexer/test/indexer.bench.ts' },
  { id: 'gateway', file: 'test/bench/gateway.bench.ts' },
  { id: 'pipeline', file: 'test/bench/pipeline.bench.ts' },
];

const log = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

async function runStage(stage: { id: string; file: string }): Promise<StageRun> {
  const command = `node scripts/run-ts.mts ${stage.file}`;
  log(`${stage.id}: ${command} (output in ${join(RESULTS_DIR, `${stage.id}.txt`)})`);
  const loadBefore = loadavg()[0] ?? 0;
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', 'scripts/run-ts.mts', stage.file],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', BENCH_RESULTS_DIR: RESULTS_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const file = createWriteStream(join(RESULTS_DIR, `${stage.id}.txt`));
  child.stderr.pipe(file, { end: false });
  const results: BenchResult[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith(BENCH_RESULT_PREFIX)) {
      results.push(JSON.parse(line.slice(BENCH_RESULT_PREFIX.length)) as BenchResult);
    }
    file.write(`${line}\n`);
  });
  const exitCode = await new Promise<number | null>((done) => child.once('exit', done));
  file.end();
  return {
    id: stage.id,
    command,
    exitCode,
    seconds: (performance.now() - started) / 1000,
    loadBefore,
    loadAfter: loadavg()[0] ?? 0,
    results,
  };
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const wanted = (process.env['BENCH_STAGES'] ?? STAGES.map((s) => s.id).join(',')).split(',');
  const cores = cpus();
  const machine = {
    cpus: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}`,
    memoryGb: totalmem() / 2 ** 30,
    loadAtStart: loadavg(),
    loadAtEnd: [] as number[],
    node: process.version,
    commit: gitCommit(),
    startedAt: new Date().toISOString(),
  };
  const stages: StageRun[] = [];
  for (const stage of STAGES.filter((s) => wanted.includes(s.id))) {
    const run = await runStage(stage);
    stages.push(run);
    for (const result of run.results) {
      log(`${result.stage}: ratio ${result.ratio.toFixed(2)} (goal ${result.goal})`);
    }
  }
  const pipelineFile = join(RESULTS_DIR, 'pipeline.json');
  const pipeline =
    wanted.includes('pipeline') && existsSync(pipelineFile)
      ? (JSON.parse(readFileSync(pipelineFile, 'utf8')) as PipelineRun)
      : undefined;
  writeReport(RESULTS_DIR, { machine: { ...machine, loadAtEnd: loadavg() }, stages, pipeline });
  log(`report: ${join(RESULTS_DIR, 'report.md')}`);
}

runBench(main);
