import { describe, expect, it } from '@jest/globals';

import { createLogger } from '@callrecords/service-kit';

import { BackgroundStart } from './background-start';

const lines: string[] = [];
const logger = createLogger({
  service: 'gateway',
  version: 'test',
  level: 'info',
  destination: { write: (line: string) => void lines.push(line) },
});

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe(BackgroundStart.name, () => {
  it('waits at shutdown for a start in flight that finishes', async () => {
    let finished = false;
    const background = new BackgroundStart(
      'quick client',
      () => pause(200).then(() => void (finished = true)),
      logger,
    );
    background.begin();

    await background.stop();

    expect(finished).toBe(true);
    expect(lines.some((line) => line.includes('quick client started'))).toBe(true);
  });

  it('stops waiting after 5 s for a start that never finishes (a broker that does not answer)', async () => {
    const background = new BackgroundStart('stuck client', () => new Promise(() => {}), logger);
    background.begin();
    const started = performance.now();

    await background.stop();

    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(4_900);
    expect(waited).toBeLessThan(6_000);
  });

  it('makes no further attempt after stop', async () => {
    let attempts = 0;
    const background = new BackgroundStart(
      'failing client',
      () => {
        attempts += 1;
        return Promise.reject(new Error('no broker'));
      },
      logger,
    );
    background.begin();
    await background.stop();

    // A failed attempt is retried after 5 s while running; stopped, none follows.
    await pause(5_500);

    expect(attempts).toBe(1);
  }, 10_000);
});
