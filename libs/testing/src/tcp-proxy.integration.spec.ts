import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { startTcpProxy } from './tcp-proxy';
import type { TcpProxy } from './tcp-proxy';
import { getTestEnv } from './test-env';

async function clusterName(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5_000) });
  return ((await response.json()) as { cluster_name: string }).cluster_name;
}

describe(startTcpProxy.name, () => {
  let proxy: TcpProxy;

  beforeAll(async () => {
    const target = new URL(getTestEnv().openSearchUrl);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  });

  afterAll(async () => {
    await proxy.close();
  });

  it('forwards requests to the target', async () => {
    await expect(clusterName(proxy.port)).resolves.toEqual(expect.any(String));
  });

  it('refuses connections while cut and forwards again once restored', async () => {
    await proxy.cut();
    const whileCut = clusterName(proxy.port);

    await expect(whileCut).rejects.toThrow();
    await proxy.restore();
    await expect(clusterName(proxy.port)).resolves.toEqual(expect.any(String));
  });

  it('asks a target function on each connection, and closes the client when it fails', async () => {
    const target = new URL(getTestEnv().openSearchUrl);
    let known: { host: string; port: number } | undefined;
    let asked = 0;
    const lazy = await startTcpProxy(() => {
      asked += 1;
      return known ? Promise.resolve(known) : Promise.reject(new Error('not known yet'));
    });

    try {
      await expect(clusterName(lazy.port)).rejects.toThrow();
      known = { host: target.hostname, port: Number(target.port) };
      await expect(clusterName(lazy.port)).resolves.toEqual(expect.any(String));
      expect(asked).toBe(2);
    } finally {
      await lazy.close();
    }
  });
});
