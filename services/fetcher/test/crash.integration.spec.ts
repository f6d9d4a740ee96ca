import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  CallRecordFetchedV1Definition,
  graphKey,
  prefixedTopic,
  TOPICS,
} from '@callrecords/contracts';
// The Graph simulator stands in for Graph and Entra (STYLE.md 2.13).
import type { StartedSimulator } from '@callrecords/graph-simulator';
import { freePort, getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import { fetcherEnv, notify, readCommitted, testKafka } from './fetcher-harness';
import type { SimulatorEndpoints } from './fetcher-harness';
import { startSlowSimulator } from './slow-simulator';
import type { SlowSimulator } from './slow-simulator';

const REPO_ROOT = resolve(__dirname, '../../..');

let sim: SlowSimulator;
let started: StartedSimulator;
let endpoints: SimulatorEndpoints;

beforeAll(async () => {
  sim = await startSlowSimulator();
  ({ started, endpoints } = sim);
});

afterAll(async () => {
  await sim?.stop();
});

function spawnFetcher(env: Record<string, string>): ChildProcess {
  return spawn(
    process.execPath,
    [join(REPO_ROOT, 'scripts/run-ts.mts'), 'services/fetcher/src/main.ts'],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: 'ignore',
    },
  );
}

async function waitReady(env: Record<string, string>, child: ChildProcess): Promise<void> {
  try {
    await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${env['FETCHER_PORT']}/health/ready`).catch(
          () => undefined,
        );
        return response?.status === 200;
      },
      { timeoutMs: 30_000, intervalMs: 200, description: 'the fetcher process ready' },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolveExit) => child.once('exit', () => resolveExit()));
}

function countsByKey(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('fetcher: a crash mid-batch', () => {
  it('loses and duplicates nothing when the fetcher is SIGKILLed mid-batch', async () => {
    const brokers = getTestEnv().kafkaBrokers;
    const prefix = `${uniqueName('fetcher-kill')}.`;
    const env = fetcherEnv(endpoints, {
      brokers,
      prefix,
      extra: {
        FETCHER_PORT: String(await freePort()),
        // Stable across the restart, so the new process fences the killed one's open transaction.
        FETCHER_TRANSACTIONAL_ID: 'kill-test',
        FETCHER_BATCH_SIZE: '10',
        FETCHER_CONCURRENCY: '4',
      },
    });
    const kafka = testKafka(brokers);
    const meetings = sim.seedMeetings(120, 5_000);
    const keys = meetings.map((m) => graphKey(started.tenantId, m.id));
    let child = spawnFetcher(env);
    await waitReady(env, child);
    const records = await readCommitted(
      kafka,
      prefixedTopic(TOPICS.records, prefix).name,
      CallRecordFetchedV1Definition,
    ).catch((error: unknown) => {
      child.kill('SIGKILL');
      throw error;
    });

    await notify(
      kafka,
      prefixedTopic(TOPICS.notifications, prefix).name,
      meetings.map((m) => ({ tenantId: started.tenantId, callRecordId: m.id })),
    );
    await waitFor(() => records.messages.length >= 15, {
      timeoutMs: 40_000,
      description: 'some records',
    });
    child.kill('SIGKILL');
    await exited(child);
    const beforeKill = records.messages.length;
    child = spawnFetcher(env);
    try {
      await waitFor(() => new Set(records.messages.map((m) => m.key)).size >= keys.length, {
        timeoutMs: 70_000,
        description: 'every record after the restart',
      });
    } finally {
      child.kill('SIGTERM');
      await exited(child);
      await records.stop();
    }

    expect(beforeKill).toBeLessThan(keys.length);
    const counts = countsByKey(records.messages.map((m) => m.key));
    expect([...counts.keys()].sort()).toEqual([...keys].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});
