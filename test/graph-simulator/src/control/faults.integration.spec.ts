import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';

import type { TestSimulator } from '../testing/test-simulator';
import { jsonInit, startTestSimulator } from '../testing/test-simulator';

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator();
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  sim.simulator.reset();
});

const LIST = '/v1.0/communications/callRecords';

describe('injected faults', () => {
  it('answers the next matching request with 429 and Retry-After, then recovers', async () => {
    await sim.call(
      '/_sim/faults',
      jsonInit({
        kind: 'status',
        status: 429,
        retryAfterSeconds: 2,
        count: 1,
        pathPattern: 'callRecords$',
      }),
    );

    const throttled = await sim.graph(LIST);
    const next = await sim.graph(LIST);

    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(await throttled.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    expect(next.status).toBe(200);
  });

  it('answers 503 for as long as a timed fault lasts', async () => {
    await sim.call('/_sim/faults', jsonInit({ kind: 'status', status: 503, durationMs: 60_000 }));

    const statuses = [(await sim.graph(LIST)).status, (await sim.graph(LIST)).status];

    expect(statuses).toEqual([503, 503]);
  });

  it('leaves requests that do not match the path pattern alone', async () => {
    await sim.call(
      '/_sim/faults',
      jsonInit({ kind: 'status', status: 503, pathPattern: '/sessions$' }),
    );

    const response = await sim.graph(LIST);

    expect(response.status).toBe(200);
  });

  it('delays a response by the injected latency', async () => {
    await sim.call('/_sim/faults', jsonInit({ kind: 'latency', latencyMs: 200 }));

    const started = performance.now();
    const response = await sim.graph(LIST);

    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('counts requests by route and status', async () => {
    await sim.graph(LIST);

    const log = (await (await sim.call('/_sim/requests')).json()) as {
      counters: Record<string, number>;
    };

    expect(log.counters['GET /v1.0/communications/callRecords 200']).toBe(1);
  });
});
