import { startTcpProxy, waitFor } from '@callrecords/testing';
import type { TcpProxy } from '@callrecords/testing';

import type { RunningAggregator } from '../src/bootstrap';
import { generateEvents } from './dataset';
import {
  bruteForceRollups,
  configOf,
  exactRollups,
  startInProcess,
  testEnvironment,
  TestPipeline,
} from './aggregator-harness';

// OpenSearch cut off mid-stream (through a TCP proxy, the shared node keeps running): the batch
// fails, nothing is committed, readiness goes down; after the link is back the rollups are exact.
describe('aggregator during an OpenSearch outage', () => {
  const env = testEnvironment({ OPENSEARCH_REQUEST_TIMEOUT_MS: '5000' });
  const pipeline = new TestPipeline(configOf(env));
  const events = generateEvents(99, '00000000-0000-4000-8000-00000000d001');
  const expected = bruteForceRollups(events, pipeline.config);
  let proxy: TcpProxy;
  let aggregator: RunningAggregator | undefined;

  beforeAll(async () => {
    const target = new URL(env['OPENSEARCH_URL'] as string);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    await pipeline.init();
    const viaProxy = { ...env, OPENSEARCH_URL: `http://127.0.0.1:${proxy.port}` };
    aggregator = await startInProcess(configOf(viaProxy));
  });

  afterAll(async () => {
    await aggregator?.close();
    await proxy.close();
    await pipeline.close();
  });

  it('reports not ready while cut off, then catches up to exact rollups', async () => {
    const url = (await (aggregator as RunningAggregator).app.getUrl()).replace(
      '[::1]',
      '127.0.0.1',
    );
    await pipeline.produce(events.slice(0, 100));
    await waitFor(async () => (await pipeline.readRollups()).size > 0, { timeoutMs: 20_000 });

    await proxy.cut();
    await pipeline.produce(events.slice(100));
    const downStatus = await waitFor(
      async () => {
        const status = (await fetch(`${url}/health/ready`)).status;
        return status === 503 ? status : undefined;
      },
      { timeoutMs: 20_000 },
    );
    await proxy.restore();
    const diff = await exactRollups(pipeline, expected);

    expect(downStatus).toBe(503);
    expect(diff).toEqual([]);
  });
});
