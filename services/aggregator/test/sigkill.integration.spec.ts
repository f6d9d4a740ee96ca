import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

import { waitFor } from '@callrecords/testing';

import { generateEvents } from './dataset';
import {
  bruteForceRollups,
  configOf,
  differences,
  exactRollups,
  testEnvironment,
  TestPipeline,
} from './aggregator-harness';

// The aggregator as a real process, killed with SIGKILL mid-stream: offsets are committed only after
// contributions and rollups are durable, so the restarted process finishes the interrupted batch.
describe('aggregator killed mid-stream', () => {
  const env = testEnvironment({ AGGREGATOR_BATCH_SIZE: '20' });
  const config = configOf(env);
  const pipeline = new TestPipeline(config);
  const events = [11, 12].flatMap((seed, i) =>
    generateEvents(seed, `00000000-0000-4000-8000-00000000b00${i}`),
  );
  const expected = bruteForceRollups(events, config);
  let child: ChildProcess | undefined;

  function startChild(): ChildProcess {
    return spawn(process.execPath, ['scripts/run-ts.mts', 'services/aggregator/src/main.ts'], {
      cwd: `${__dirname}/../../..`,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
  }

  beforeAll(async () => {
    await pipeline.init();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await pipeline.close();
  });

  it('ends with rollups equal to the recomputation after a SIGKILL and a restart', async () => {
    child = startChild();
    await pipeline.produce(events);
    // A child compiles its TypeScript at start: on a loaded machine that alone takes tens of seconds.
    await waitFor(async () => (await pipeline.readRollups().catch(() => new Map())).size > 0, {
      timeoutMs: 90_000,
    });
    child.kill('SIGKILL');
    const atKill = differences(await pipeline.readRollups(), expected);
    child = startChild();

    const diff = await exactRollups(pipeline, expected, 120_000);

    expect(atKill.length).toBeGreaterThan(0);
    expect(diff).toEqual([]);
  }, 240_000);
});
