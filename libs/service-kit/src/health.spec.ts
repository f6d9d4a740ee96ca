import { describe, expect, it } from '@jest/globals';

import { Readiness } from './health';

describe(Readiness.name, () => {
  it('is ready when every indicator is up', async () => {
    const readiness = new Readiness();
    readiness.register({ name: 'kafka', check: () => Promise.resolve() });

    const report = await readiness.check();

    expect(report).toEqual({
      ready: true,
      shuttingDown: false,
      checks: { kafka: { status: 'up' } },
    });
  });

  it('reports the failing indicator and its reason', async () => {
    const readiness = new Readiness();
    readiness.register({ name: 'kafka', check: () => Promise.resolve() });
    readiness.register({
      name: 'opensearch',
      check: () => Promise.reject(new Error('connection refused')),
    });

    const report = await readiness.check();

    expect(report.ready).toBe(false);
    expect(report.checks['opensearch']).toEqual({ status: 'down', error: 'connection refused' });
  });

  it('counts an indicator that does not answer in time as down', async () => {
    const readiness = new Readiness();
    readiness.register({
      name: 'slow',
      timeoutMs: 10,
      check: () => new Promise<void>(() => undefined),
    });

    const report = await readiness.check();

    expect(report.checks['slow']).toEqual({ status: 'down', error: 'no answer within 10 ms' });
  });

  it('is not ready once shutting down, even with every dependency up', async () => {
    const readiness = new Readiness();
    readiness.register({ name: 'kafka', check: () => Promise.resolve() });

    readiness.markShuttingDown();
    const report = await readiness.check();

    expect(report).toMatchObject({ ready: false, shuttingDown: true });
  });
});
