import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';

import { runJob } from './run-job';

const schema = z.object({
  TARGET: z.string().min(1).describe('target'),
  LOG_LEVEL: z.enum(['silent', 'info']).default('silent').describe('log level'),
});

function harness(env: Record<string, string>) {
  const reports: string[] = [];
  const exits: number[] = [];
  return {
    reports,
    exits,
    options: {
      job: 'spec-job',
      version: 'test',
      schema,
      env,
      report: (message: string) => void reports.push(message),
      exit: (code: number) => void exits.push(code),
    },
  };
}

describe(runJob.name, () => {
  it('exits with the code the work returns, given the parsed config', async () => {
    const h = harness({ TARGET: 'kafka' });
    const seen: string[] = [];

    await runJob({ ...h.options, run: (config) => Promise.resolve(seen.push(config.TARGET) - 1) });

    expect(seen).toEqual(['kafka']);
    expect(h.exits).toEqual([0]);
    expect(h.reports).toEqual([]);
  });

  it('names the invalid key and exits 1 without running', async () => {
    const h = harness({});
    let ran = false;

    await runJob({
      ...h.options,
      run: () => {
        ran = true;
        return Promise.resolve(0);
      },
    });

    expect(ran).toBe(false);
    expect(h.exits).toEqual([1]);
    expect(h.reports[0]).toMatch(/^spec-job failed: invalid configuration[\s\S]*TARGET/);
  });

  it('reports a failure of the work and exits 1', async () => {
    const h = harness({ TARGET: 'kafka' });

    await runJob({ ...h.options, run: () => Promise.reject(new Error('broker unreachable')) });

    expect(h.exits).toEqual([1]);
    expect(h.reports).toEqual(['spec-job failed: broker unreachable']);
  });
});
