import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { getTestEnv, startTcpProxy, uniqueName, waitFor } from '@callrecords/testing';
import type { TcpProxy } from '@callrecords/testing';

import { startHarness } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';

describe('gateway during an OpenSearch outage', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let proxy: TcpProxy;
  let harness: GatewayHarness;
  let token: string;
  const list = `{ callRecords { totalCount } }`;

  beforeAll(async () => {
    simulator = createSimulator({ httpPort: 0 });
    started = await simulator.start();
    const env = getTestEnv();
    const target = new URL(env.openSearchUrl);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    harness = await startHarness({
      issuer: { graphUrl: started.graphUrl, httpUrl: started.httpUrl ?? '', caPem: started.caPem },
      openSearchUrl: `http://127.0.0.1:${proxy.port}`,
      kafkaBrokers: env.kafkaBrokers,
      prefix: `${uniqueName('gwo')}-`,
      env: { OPENSEARCH_REQUEST_TIMEOUT_MS: '2000', GATEWAY_QUERY_TIMEOUT_MS: '1500' },
    });
    token = await harness.token({ tenantId: started.tenantId });
  });

  afterAll(async () => {
    await harness?.close();
    await proxy?.close();
    await simulator?.stop();
  });

  it('answers 503 SERVICE_UNAVAILABLE without internals, then recovers by itself', async () => {
    await proxy.cut();

    const down = await harness.graphql({ query: list, token });
    const ready = await fetch(`${harness.gateway.url}/health/ready`);
    await proxy.restore();
    const back = await waitFor(async () => {
      const response = await harness.graphql({ query: list, token });
      return response.status === 200 ? response : undefined;
    });

    expect(down.status).toBe(503);
    expect(down.errors).toEqual([
      {
        message: 'the search store is unavailable, try again later',
        locations: [expect.anything()],
        path: ['callRecords'],
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      },
    ]);
    expect(ready.status).toBe(503);
    expect(back.data).toEqual({ callRecords: { totalCount: 0 } });
  });
});
