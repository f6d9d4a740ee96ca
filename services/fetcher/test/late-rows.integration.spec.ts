import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  DirectRoutingCallRowV1Definition,
  graphKey,
  PstnCallRowV1Definition,
  ReportWatermarkV1Definition,
} from '@callrecords/contracts';
// The Graph simulator stands in for Graph and Entra (STYLE.md 2.13).
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import type { Kafka } from '@callrecords/kafka';
import {
  aDirectRoutingRow,
  aPstnCallRow,
  getTestEnv,
  uniqueName,
  waitFor,
} from '@callrecords/testing';

import { readCommitted, reportsEnv, startInProcessFetcher, testKafka } from './fetcher-harness';
import type { InProcessFetcher, TopicReader } from './fetcher-harness';

// Rows Graph makes available after their window was first polled (1 h and 30 h later) and a row
// whose content changes: the poller's clock is moved forward, the simulator is seeded late.

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

let dir: string;
let simulator: Simulator;
let started: StartedSimulator;
let kafka: Kafka;
let fetcher: InProcessFetcher | undefined;
// Time as the poller sees it: real time plus `shiftMs`.
let shiftMs = 0;
const clock = {
  now: () => Date.now() + shiftMs,
  sleep: (ms: number) => delay(ms),
};
const historyStart = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const at = (offsetMs: number): string => new Date(historyStart + offsetMs).toISOString();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fetcher-late-rows-'));
  simulator = createSimulator({ caFile: join(dir, 'ca.pem') });
  started = await simulator.start();
  const brokers = getTestEnv().kafkaBrokers;
  kafka = testKafka(brokers);
  const env = reportsEnv(
    { ...started, tenantIds: [started.tenantId], caFile: join(dir, 'ca.pem') },
    {
      brokers,
      prefix: `${uniqueName('fetcher-late')}.`,
      historyStart,
      extra: {
        FETCHER_REPORTS_POLL_INTERVAL_SECONDS: '0.2',
        FETCHER_REPORTS_SETTLE_HOURS: '48',
        FETCHER_REPORTS_REPOLL_WINDOW_HOURS: '24',
      },
    },
  );
  fetcher = await startInProcessFetcher(env, { clock });
});

afterAll(async () => {
  await fetcher?.close().catch(() => undefined);
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function keysOf<E>(reader: TopicReader<E>): string[] {
  return reader.messages.map((m) => m.key);
}

describe('fetcher: late and changed report rows', () => {
  it('delivers rows that appear 1 h and 30 h late and a changed row, each once per content', async () => {
    const runtime = fetcher!.runtime;
    const tenant = started.tenantId;
    const key = (id: string): string => graphKey(tenant, id);
    const pstn = await readCommitted(kafka, runtime.topics.pstnCalls, PstnCallRowV1Definition);
    const directRouting = await readCommitted(
      kafka,
      runtime.topics.directRoutingCalls,
      DirectRoutingCallRowV1Definition,
    );
    const watermarks = await readCommitted(
      kafka,
      runtime.topics.watermarks,
      ReportWatermarkV1Definition,
    );

    // On time: in the first window.
    simulator.seedPstnCalls([
      aPstnCallRow({ id: 'on-time', startDateTime: at(10 * MINUTE), charge: 0.5 }),
    ]);
    simulator.seedDirectRoutingCalls([
      aDirectRoutingRow({ id: 'dr-on-time', startDateTime: at(10 * MINUTE), successfulCall: true }),
    ]);
    await waitFor(
      () =>
        keysOf(pstn).includes(key('on-time')) && keysOf(directRouting).includes(key('dr-on-time')),
      { description: 'the on-time rows' },
    );

    // One hour later Graph has a row of the first window it did not have before.
    shiftMs = HOUR;
    simulator.seedPstnCalls([aPstnCallRow({ id: 'late-1h', startDateTime: at(20 * MINUTE) })]);
    simulator.seedDirectRoutingCalls([
      aDirectRoutingRow({ id: 'dr-late-1h', startDateTime: at(20 * MINUTE) }),
    ]);
    await waitFor(
      () =>
        keysOf(pstn).includes(key('late-1h')) && keysOf(directRouting).includes(key('dr-late-1h')),
      { description: 'the rows 1 h late' },
    );

    // Thirty hours later: another late row, and the on-time rows are corrected.
    shiftMs = 30 * HOUR;
    simulator.seedPstnCalls([
      aPstnCallRow({ id: 'late-30h', startDateTime: at(30 * MINUTE) }),
      aPstnCallRow({ id: 'on-time', startDateTime: at(10 * MINUTE), charge: 0.75 }),
    ]);
    simulator.seedDirectRoutingCalls([
      aDirectRoutingRow({ id: 'dr-late-30h', startDateTime: at(30 * MINUTE) }),
      aDirectRoutingRow({
        id: 'dr-on-time',
        startDateTime: at(10 * MINUTE),
        successfulCall: false,
        finalSipCode: 503,
      }),
    ]);
    const latest = <E>(reader: TopicReader<E>, id: string) =>
      reader.messages.filter((m) => m.key === key(id)).at(-1)?.event;
    await waitFor(
      () =>
        keysOf(pstn).includes(key('late-30h')) &&
        keysOf(directRouting).includes(key('dr-late-30h')) &&
        latest(pstn, 'on-time')?.payload.row.charge === 0.75 &&
        latest(directRouting, 'dr-on-time')?.payload.row.successfulCall === false,
      { description: 'the rows 30 h late and the changed rows' },
    );
    // A few more re-poll rounds: unchanged rows must not be produced again.
    const rounds = watermarks.messages.length;
    await waitFor(() => watermarks.messages.length >= rounds + 4, {
      description: 'more re-polls',
    });

    // Past the settle period: the first windows are settled.
    shiftMs = 60 * HOUR;
    const settledTo = (kind: string): number =>
      Date.parse(
        watermarks.messages.filter((m) => m.key === key(kind)).at(-1)?.event.payload.settledTo ??
          '',
      );
    await waitFor(
      () =>
        settledTo('pstn') >= historyStart + 3 * HOUR &&
        settledTo('directRouting') >= historyStart + 3 * HOUR,
      { description: 'the settled watermarks past the rows' },
    );
    await Promise.all([pstn.stop(), directRouting.stop(), watermarks.stop()]);

    // Each row once per content: the on-time rows twice (original, corrected), the late ones once.
    const count = (reader: TopicReader<unknown>, id: string) =>
      reader.messages.filter((m) => m.key === key(id)).length;
    expect(
      ['on-time', 'late-1h', 'late-30h'].map((id) => [id, count(pstn as TopicReader<unknown>, id)]),
    ).toEqual([
      ['on-time', 2],
      ['late-1h', 1],
      ['late-30h', 1],
    ]);
    expect(
      ['dr-on-time', 'dr-late-1h', 'dr-late-30h'].map((id) => [
        id,
        count(directRouting as TopicReader<unknown>, id),
      ]),
    ).toEqual([
      ['dr-on-time', 2],
      ['dr-late-1h', 1],
      ['dr-late-30h', 1],
    ]);
    const last = watermarks.messages.filter((m) => m.key === key('pstn')).at(-1)?.event.payload;
    expect(last?.firstPolledTo).toBe(last?.window.toDateTime);
    expect(Date.parse(last?.firstPolledTo ?? '')).toBeGreaterThanOrEqual(
      Date.parse(last?.settledTo ?? ''),
    );
  });
});
