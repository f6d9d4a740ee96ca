// bench-results/report.md and its charts from what the stage benchmarks printed (BENCH_RESULT
// lines) and what the end-to-end run wrote (pipeline.json).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BenchResult } from '@callrecords/testing';

import type { ProcessSample } from './pipeline-probes';
import type { StepResult } from './pipeline-step';
import type { BaselineResult } from './searchable-baseline';
import { barChart, lineChart } from './svg-chart';
import type { Series } from './svg-chart';

export interface StageRun {
  readonly id: string;
  readonly command: string;
  readonly exitCode: number | null;
  readonly seconds: number;
  readonly loadBefore: number;
  readonly loadAfter: number;
  readonly results: readonly BenchResult[];
}

export interface PipelineRun {
  readonly durationS: number;
  /** How often the bench asked GraphQL (default 250 ms in runs that did not record it). */
  readonly pollMs?: number;
  readonly baseline: BaselineResult;
  readonly steps: readonly StepResult[];
  readonly samples: readonly ProcessSample[];
  readonly errorLines: readonly string[];
}

export interface Machine {
  readonly cpus: string;
  readonly memoryGb: number;
  readonly loadAtStart: readonly number[];
  readonly loadAtEnd: readonly number[];
  readonly node: string;
  readonly commit: string;
  readonly startedAt: string;
}

const num = (value: number, digits = 2): string =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';

function summaryTable(stages: readonly StageRun[]): string[] {
  const rows = stages.flatMap((stage) =>
    stage.results.length > 0
      ? stage.results.map(
          (r) =>
            `| ${r.stage} | ${r.metric} | ${num(r.service, 1)} | ${num(r.baseline, 1)} | **${num(r.ratio)}** | ${r.goal} | ${r.met ? 'yes' : 'no'} | ${num(stage.loadBefore, 1)} → ${num(stage.loadAfter, 1)} |`,
        )
      : [
          `| ${stage.id} | (no result: exit ${stage.exitCode}, see ${stage.id}.txt) | | | | | no | |`,
        ],
  );
  return [
    '| stage | metric | service | raw baseline (same run) | ratio | goal | met | load (1 min) before → after |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

function detailTables(stages: readonly StageRun[]): string[] {
  return stages.flatMap((stage) =>
    stage.results.flatMap((r) => {
      const details = r.details ?? [];
      const first = details[0];
      if (!first || r.stage === 'end to end') {
        return [];
      }
      const keys = Object.keys(first);
      return [
        `### ${r.stage}`,
        '',
        `| ${keys.join(' | ')} |`,
        `|${keys.map(() => '---').join('|')}|`,
        ...details.map((row) => `| ${keys.map((k) => String(row[k] ?? '')).join(' | ')} |`),
        '',
      ];
    }),
  );
}

// Where each rate's time went: one row per stage, p50 / p95 ms per rate.
function breakdownTable(steps: readonly StepResult[]): string[] {
  const stages = steps[0]?.stages.map((s) => s.stage) ?? [];
  if (stages.length === 0) {
    return [];
  }
  const cell = (step: StepResult, stage: string): string => {
    const split = step.stages.find((s) => s.stage === stage);
    return split ? `${num(split.p50Ms, 0)} / ${num(split.p95Ms, 0)}` : '–';
  };
  return [
    "Where the time goes, per record (p50 / p95 ms): the moments are the simulator's webhook POST, the notification and the record readable by a read_committed tail of their topics (with the producedAt of their envelopes), and the first GraphQL answer listing the record; the indexer's row is its own `callrecords_kafka_event_age_seconds` histogram (Prometheus, so bucket upper bounds).",
    '',
    `| stage | ${steps.map((s) => `${s.rate}/s`).join(' | ')} |`,
    `|---|${steps.map(() => '---').join('|')}|`,
    ...stages.map((stage) => `| ${stage} | ${steps.map((s) => cell(s, stage)).join(' | ')} |`),
    '',
  ];
}

function pipelineSection(run: PipelineRun): string[] {
  const knee = [...run.steps].reverse().find((s) => s.sustained);
  const b = run.baseline;
  const services = [...new Set(run.samples.map((s) => s.service))];
  const perService = services.map((name) => {
    const mine = run.samples.filter((s) => s.service === name);
    const peak = Math.max(...mine.map((s) => s.rssMb));
    const cpu = mine.reduce((sum, s) => sum + s.cpuPercent, 0) / Math.max(1, mine.length - 1);
    const lag = Math.max(0, ...mine.map((s) => s.lag ?? 0));
    return `| ${name} | ${num(peak, 0)} | ${num(cpu, 0)} | ${mine.some((s) => s.lag !== undefined) ? lag : '–'} |`;
  });
  return [
    '## End to end: webhook delivery → visible through GraphQL',
    '',
    `Each rate runs ${run.durationS} s; a record's latency is from the simulator's webhook POST of its notification to the first GraphQL list answer that contains it (polled every ${run.pollMs ?? 250} ms). Raw floor measured in the same run: a document written straight to OpenSearch (refresh 1 s) until a search returns it, same polling: p50 ${num(b.p50Ms, 0)} ms, p95 ${num(b.p95Ms, 0)} ms, p99 ${num(b.p99Ms, 0)} ms (${b.samples} samples).`,
    '',
    '| rate (records/s) | seeded | visible | p50 ms | p95 ms | p99 ms | max ms | p95 / raw floor p95 | sustained (all visible, p95 < 2 s) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...run.steps.map(
      (s) =>
        `| ${s.rate} | ${s.seeded} | ${s.visible} | ${num(s.p50Ms, 0)} | ${num(s.p95Ms, 0)} | ${num(s.p99Ms, 0)} | ${num(s.maxMs, 0)} | ${num(s.p95Ms / b.p95Ms)} | ${s.sustained ? 'yes' : 'no'} |`,
    ),
    '',
    knee
      ? `**Knee**: ${knee.rate} records/s is the highest rate sustained (p95 ${num(knee.p95Ms, 0)} ms)${knee === run.steps[run.steps.length - 1] ? '; no tested rate failed, so the knee is at or above it' : ''}.`
      : '**Knee**: no tested rate was sustained.',
    '',
    ...breakdownTable(run.steps),
    '| process | peak RSS MiB | mean CPU % (of one core) | peak consumer lag |',
    '|---|---|---|---|',
    ...perService,
    '',
    `Error lines logged by the services during the run: ${run.errorLines.length}.`,
    '',
    '![latency against rate](e2e-latency.svg)',
    '![consumer lag over time](e2e-lag.svg)',
    '![resident memory over time](e2e-rss.svg)',
    '![CPU over time](e2e-cpu.svg)',
    '',
  ];
}

function bySeries(
  samples: readonly ProcessSample[],
  pick: (s: ProcessSample) => number | undefined,
): Series[] {
  const services = [...new Set(samples.map((s) => s.service))];
  return services.flatMap((name) => {
    const points = samples
      .filter((s) => s.service === name && pick(s) !== undefined)
      .map((s) => [s.atS, pick(s) as number] as const);
    return points.length > 0 ? [{ name, points }] : [];
  });
}

function writePipelineCharts(dir: string, run: PipelineRun): void {
  const rates = run.steps.map((s) => s.rate);
  const latency = lineChart('Webhook → GraphQL latency against rate', { x: 'records/s', y: 'ms' }, [
    { name: 'p50', points: run.steps.map((s) => [s.rate, s.p50Ms]) },
    { name: 'p95', points: run.steps.map((s) => [s.rate, s.p95Ms]) },
    { name: 'p99', points: run.steps.map((s) => [s.rate, s.p99Ms]) },
    { name: 'raw floor p95', dashed: true, points: rates.map((r) => [r, run.baseline.p95Ms]) },
    { name: 'goal p95 2 s', dashed: true, points: rates.map((r) => [r, 2_000]) },
  ]);
  writeFileSync(join(dir, 'e2e-latency.svg'), latency);
  const labels = { x: 'seconds since the services were up', y: '' };
  const charts: [string, string, string, (s: ProcessSample) => number | undefined][] = [
    ['e2e-lag.svg', 'Consumer lag over time', 'messages behind', (s) => s.lag],
    ['e2e-rss.svg', 'Resident memory per process', 'MiB', (s) => s.rssMb],
    ['e2e-cpu.svg', 'CPU per process', '% of one core', (s) => s.cpuPercent],
  ];
  for (const [file, title, y, pick] of charts) {
    const series = bySeries(run.samples, pick);
    if (series.length > 0) {
      writeFileSync(join(dir, file), lineChart(title, { ...labels, y }, series));
    }
  }
}

function writeStageChart(dir: string, stages: readonly StageRun[]): void {
  const ratios = stages.flatMap((s) => s.results).filter((r) => r.stage !== 'end to end');
  if (ratios.length === 0) {
    return;
  }
  const goalOf = (goal: string): number | undefined => {
    const value = /([0-9.]+)/.exec(goal)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const bars = ratios.map((r) => {
    const goal = goalOf(r.goal);
    return { label: r.stage, value: r.ratio, ...(goal === undefined ? {} : { goal }) };
  });
  const title = 'Stage / raw baseline (gateway: p95 ×, lower is better)';
  writeFileSync(join(dir, 'stage-ratios.svg'), barChart(title, { x: 'stage', y: 'ratio' }, bars));
}

/** Writes report.md and the SVG charts into `dir`. */
export function writeReport(
  dir: string,
  input: { machine: Machine; stages: readonly StageRun[]; pipeline: PipelineRun | undefined },
): void {
  const { machine, stages, pipeline } = input;
  writeStageChart(dir, stages);
  if (pipeline) {
    writePipelineCharts(dir, pipeline);
  }
  const lines = [
    '# callrecords benchmark report',
    '',
    `Run ${machine.startedAt}, commit ${machine.commit}, Node ${machine.node}. Machine: ${machine.cpus}, ${num(machine.memoryGb, 1)} GiB; load average (1/5/15 min) at start ${machine.loadAtStart.map((l) => num(l, 2)).join(' / ')}, at end ${machine.loadAtEnd.map((l) => num(l, 2)).join(' / ')}. Every ratio compares figures measured in the same run; across runs, only ratios compare.`,
    '',
    '## Stages against their raw baselines',
    '',
    ...summaryTable(stages),
    '',
    '![stage ratios](stage-ratios.svg)',
    '',
    ...detailTables(stages),
    ...(pipeline ? pipelineSection(pipeline) : []),
    '## Stage runs',
    '',
    '| stage | command | seconds | exit |',
    '|---|---|---|---|',
    ...stages.map((s) => `| ${s.id} | \`${s.command}\` | ${num(s.seconds, 0)} | ${s.exitCode} |`),
    '',
    'Raw output of each stage: `<stage>.txt` beside this report.',
    '',
  ];
  writeFileSync(join(dir, 'report.md'), lines.join('\n'));
}
