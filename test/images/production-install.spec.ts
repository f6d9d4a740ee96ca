import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort, waitFor } from '@callrecords/testing';

import { answers, REPO_ROOT, serviceEnv, SERVICES } from './src/service-env';

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function exited(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );
}

// A clone with `npm ci --omit=dev` and the build output beside it, as a deployment without
// images would be: dev dependencies (esbuild, swc, TypeScript, GraphiQL's sources) are absent.
describe('the build over a production-only install', () => {
  const dir = mkdtempSync(join(tmpdir(), 'callrecords-prod-'));

  beforeAll(async () => {
    for (const file of ['package.json', 'package-lock.json']) {
      cpSync(join(REPO_ROOT, file), join(dir, file));
    }
    await promisify(execFile)(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
      { cwd: dir, timeout: 200_000 },
    );
    cpSync(join(REPO_ROOT, 'dist/services'), join(dir, 'dist/services'), { recursive: true });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves out the build tools the services no longer load', () => {
    const devOnly = [
      'esbuild',
      '@swc/core',
      '@swc/jest',
      'graphiql',
      'monaco-editor',
      'jest',
      'nx',
    ];

    const present = devOnly.filter((name) => existsSync(join(dir, 'node_modules', name)));

    expect(present).toEqual([]);
  });

  // Outside a container Nest re-raises the signal once its shutdown hooks have run (exit by SIGTERM);
  // as PID 1 in an image the same stop ends with code 0 (service-images.spec.ts).
  it.each(SERVICES)('starts %s, answers /health/live and ends on SIGTERM', async (service) => {
    const port = await freePort();
    const child = spawn(process.execPath, [join('dist/services', service, 'main.js')], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', ...serviceEnv(service, port) },
      stdio: 'ignore',
    });

    const live = await Promise.race([
      waitFor(() => answers(`http://127.0.0.1:${port}/health/live`), {
        timeoutMs: 60_000,
        description: `${service} /health/live`,
      }),
      exited(child).then((exit) => `exited with ${exit.code ?? exit.signal}`),
    ]);
    child.kill('SIGTERM');
    const exit = await exited(child);

    expect(live).toBe(true);
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
