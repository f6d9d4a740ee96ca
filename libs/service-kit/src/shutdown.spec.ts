import { describe, expect, it } from '@jest/globals';

import { runShutdown } from './shutdown';

describe(runShutdown.name, () => {
  it('runs the steps one after another in the given order', async () => {
    const order: string[] = [];
    const step = (name: string) => ({
      name,
      run: async () => {
        order.push(`${name}:start`);
        await Promise.resolve();
        order.push(`${name}:end`);
      },
    });

    await runShutdown([step('ready=false'), step('stop consumer'), step('flush producer')]);

    expect(order).toEqual([
      'ready=false:start',
      'ready=false:end',
      'stop consumer:start',
      'stop consumer:end',
      'flush producer:start',
      'flush producer:end',
    ]);
  });

  it('reports a failing step and still runs the next ones', async () => {
    const ran: string[] = [];

    const results = await runShutdown([
      { name: 'commit', run: () => Promise.reject(new Error('broker gone')) },
      { name: 'disconnect', run: () => void ran.push('disconnect') },
    ]);

    expect(results.map((r) => [r.name, r.ok, r.error])).toEqual([
      ['commit', false, 'broker gone'],
      ['disconnect', true, undefined],
    ]);
    expect(ran).toEqual(['disconnect']);
  });

  it('abandons a step that hangs past its timeout', async () => {
    const results = await runShutdown([
      { name: 'hang', timeoutMs: 10, run: () => new Promise<void>(() => undefined) },
    ]);

    expect(results[0]).toMatchObject({ name: 'hang', ok: false, error: 'timed out after 10 ms' });
  });
});
