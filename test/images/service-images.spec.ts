import { execFileSync } from 'node:child_process';

import { freePort, uniqueName, waitFor } from '@callrecords/testing';

import { envArgs, podman } from './src/podman';
import { answers, REPO_ROOT, serviceEnv, SERVICES, VERSION } from './src/service-env';
import type { Service } from './src/service-env';

const imageOf = (service: Service): string => `localhost/callrecords-${service}:${VERSION}`;

// What a Kubernetes pod with the chart's security context does: any non-root uid, nothing writable
// but /tmp, the host's network (so the test stack on 127.0.0.1 is reachable).
function runArgs(name: string, env: Readonly<Record<string, string>>): string[] {
  return ['--name', name, '--read-only', '--tmpfs', '/tmp', '--network', 'host', ...envArgs(env)];
}

describe.each(SERVICES)('the %s image', (service) => {
  const containers: string[] = [];

  afterAll(async () => {
    await Promise.all(containers.map((name) => podman(['rm', '--force', '--time', '0', name])));
  });

  it('runs non-root on a read-only root filesystem, is ready, and exits 0 within 30 s of SIGTERM', async () => {
    const port = await freePort();
    const name = uniqueName(`img-${service}`);
    containers.push(name);
    const started = await podman([
      'run',
      '--detach',
      ...runArgs(name, serviceEnv(service, port)),
      imageOf(service),
    ]);
    expect(started.stderr).toBe('');

    await waitFor(() => answers(`http://127.0.0.1:${port}/health/live`), {
      timeoutMs: 60_000,
      description: `${service} /health/live`,
    });
    await waitFor(() => answers(`http://127.0.0.1:${port}/health/ready`), {
      timeoutMs: 90_000,
      description: `${service} /health/ready`,
    });
    const uid = await podman(['exec', name, 'id', '-u']);
    const write = await podman(['exec', name, 'sh', '-c', 'touch /app/probe']);
    const stopAt = performance.now();
    await podman(['kill', '--signal', 'TERM', name]);
    const exit = await podman(['wait', name], 35_000);
    const stopMs = performance.now() - stopAt;

    expect(uid.stdout.trim()).toBe('1000');
    expect(write.code).not.toBe(0);
    expect(exit.stdout.trim()).toBe('0');
    expect(stopMs).toBeLessThan(30_000);
  });

  it('exits 1 and names KAFKA_BROKERS when the environment does not set it', async () => {
    const name = uniqueName(`img-${service}`);
    containers.push(name);
    const { KAFKA_BROKERS: _unset, ...env } = serviceEnv(service, await freePort());

    const run = await podman(['run', ...runArgs(name, env), imageOf(service)]);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/invalid configuration \(1 key/);
    expect(run.stderr).toContain('KAFKA_BROKERS');
  });

  it('carries the OCI source, version and revision labels of the build', async () => {
    const revision = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });

    const labels = await podman([
      'image',
      'inspect',
      '--format',
      '{{json .Labels}}',
      imageOf(service),
    ]);

    const parsed = JSON.parse(labels.stdout) as Record<string, string>;

    expect(parsed).toMatchObject({
      'org.opencontainers.image.title': `callrecords-${service}`,
      'org.opencontainers.image.version': VERSION,
      'org.opencontainers.image.revision': revision.trim(),
    });
    expect(Object.keys(parsed)).toContain('org.opencontainers.image.source');
  });

  it('holds the bundle alone in /app: no node_modules, no sources, no .env', async () => {
    const files = await podman([
      'run',
      '--rm',
      '--entrypoint',
      'find',
      imageOf(service),
      '/app',
      '-type',
      'f',
    ]);

    const names = files.stdout.trim().split('\n');

    expect(names).toContain('/app/main.js');
    expect(names.filter((file) => /node_modules|\.ts$|\.env|\.pem$/.test(file))).toEqual([]);
  });
});
