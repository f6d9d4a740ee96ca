import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

import { afterAll, describe, expect, it } from '@jest/globals';

import { Readiness } from '@callrecords/service-kit';
import { getTestEnv } from '@callrecords/testing';

import { createOpenSearchClient } from './client';
import { openSearchHealthIndicator } from './health';

const noFiles = { readFile: (): string => '' };
const client = createOpenSearchClient(
  { OPENSEARCH_URL: getTestEnv().openSearchUrl, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  noFiles,
);
const unreachable = createOpenSearchClient(
  { OPENSEARCH_URL: 'http://127.0.0.1:1', OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  noFiles,
);

describe(openSearchHealthIndicator.name, () => {
  afterAll(async () => {
    await Promise.all([client.close(), unreachable.close()]);
  });

  it('is up while the cluster is green or yellow', async () => {
    const readiness = new Readiness();
    readiness.register(openSearchHealthIndicator(client));

    const report = await readiness.check();

    expect(report.checks).toEqual({ opensearch: { status: 'up' } });
  });

  it('is down, with the reason, when OpenSearch cannot be reached', async () => {
    const readiness = new Readiness();
    readiness.register(
      openSearchHealthIndicator(unreachable, { name: 'search', timeoutMs: 1_000 }),
    );

    const report = await readiness.check();

    expect(report.ready).toBe(false);
    expect(report.checks['search']).toEqual({
      status: 'down',
      error: 'opensearch unreachable (ConnectionError)',
    });
  });

  it('is down when OpenSearch accepts the connection but does not answer in time', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const hanging = createOpenSearchClient(
      { OPENSEARCH_URL: `http://127.0.0.1:${port}`, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
      noFiles,
    );
    const readiness = new Readiness();
    readiness.register(openSearchHealthIndicator(hanging, { timeoutMs: 200 }));

    const report = await readiness.check();
    await hanging.close();
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));

    expect(report.checks['opensearch']?.status).toBe('down');
  });
});
