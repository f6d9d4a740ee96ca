// One stack command at a time per data dir (two Jest workers calling stackUp must not race).
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

import type { StackConfig } from './config.mts';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(file: string): boolean {
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw err;
    }
  }
  const holder = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
    rmSync(file, { force: true }); // left by a killed command
  }
  return false;
}

/** Waits for the data dir's lock and returns its release function. */
export async function acquireLock(cfg: StackConfig, waitMs: number): Promise<() => void> {
  mkdirSync(cfg.runDir, { recursive: true });
  const file = join(cfg.runDir, 'stack.lock');
  const deadline = Date.now() + waitMs;
  while (!tryLock(file)) {
    if (Date.now() > deadline) {
      throw new Error(`another stack command holds ${file}; wait for it or delete the file`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return () => rmSync(file, { force: true });
}
