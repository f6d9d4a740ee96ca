import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';

import { runService } from './run-service';
import type { ServiceRuntime } from './run-service';

const schema = z.object({
  PORT: z.coerce.number().int().describe('port'),
  NAME: z.string().min(1).describe('name'),
  LOG_LEVEL: z.enum(['silent', 'info']).default('silent').describe('log level'),
});

function harness(env: Record<string, string>) {
  const reports: string[] = [];
  const exits: number[] = [];
  const started: { config: z.infer<typeof schema>; runtime: ServiceRuntime }[] = [];
  return {
    reports,
    exits,
    started,
    options: {
      service: 'spec',
      version: 'test',
      schema,
      env,
      report: (message: string) => void reports.push(message),
      exit: (code: number) => void exits.push(code),
    },
  };
}

describe(runService.name, () => {
  it('lists every invalid key and exits 1 without starting anything', async () => {
    const h = harness({ PORT: 'soon' });

    await runService({ ...h.options, start: () => Promise.resolve(h.started.push) });

    expect(h.exits).toEqual([1]);
    expect(h.reports.join('\n')).toMatch(/PORT[\s\S]*NAME|NAME[\s\S]*PORT/);
    expect(h.started).toEqual([]);
  });

  it('starts with the parsed config and one logger, registry and readiness', async () => {
    const h = harness({ PORT: '4100', NAME: 'x' });

    await runService({
      ...h.options,
      start: (config, runtime) => Promise.resolve(h.started.push({ config, runtime })),
    });

    expect(h.exits).toEqual([]);
    expect(h.started[0]?.config).toEqual({ PORT: 4100, NAME: 'x', LOG_LEVEL: 'silent' });
    expect(await h.started[0]?.runtime.readiness.check()).toMatchObject({ ready: true });
  });

  it('reports a failed boot and exits 1', async () => {
    const h = harness({ PORT: '4100', NAME: 'x' });

    await runService({ ...h.options, start: () => Promise.reject(new Error('no broker')) });

    expect(h.exits).toEqual([1]);
    expect(h.reports).toEqual(['spec failed to start: no broker']);
  });
});
