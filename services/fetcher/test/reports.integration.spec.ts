import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  DirectRoutingCallRowV1Definition,
  graphKey,
  PstnCallRowV1Definition,
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
import type { InProcessFetcher } from './fetcher-harness';

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;

let dir: string;
let simulator: Simulator;
let started: StartedSimulator;
let kafka: Kafka;
let env: Record<string, string>;
const fetchers: InProcessFetcher[] = [];
// Three whole hours of history, polled in one-hour windows up to now (no lag).
const historyStart = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fetcher-reports-'));
  simulator = createSimulator({ caFile: join(dir, 'ca.pem') });
  started = await simulator.start();
  const brokers = getTestEnv().kafkaBrokers;
  kafka = testKafka(brokers);
  env = reportsEnv(
    { ...started, tenantIds: [started.tenantId], caFile: join(dir, 'ca.pem') },
    { brokers, prefix: `${uniqueName('fetcher-reports')}.`, historyStart },
  );
});

afterAll(async () => {
  await Promise.all(fetchers.map((f) => f.close().catch(() => undefined)));
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function rowsAt(prefix: string, offsetsMs: readonly number[]) {
  const at = (offset: number): string => new Date(historyStart + offset).toISOString();
  return {
    pstn: offsetsMs.map((offset, i) =>
      aPstnCallRow({ id: `${prefix}-pstn-${i}`, startDateTime: at(offset) }),
    ),
    directRouting: offsetsMs.map((offset, i) =>
      aDirectRoutingRow({ id: `${prefix}-dr-${i}`, startDateTime: at(offset) }),
    ),
  };
}

async function start(): Promise<InProcessFetcher> {
  const fetcher = await startInProcessFetcher(env);
  fetchers.push(fetcher);
  return fetcher;
}

describe('fetcher: PSTN and Direct Routing reports', () => {
  it('delivers the rows of several windows once each, across a restart', async () => {
    // Window edges included: a call starting exactly on an edge belongs to the later window.
    const first = rowsAt('first', [
      10 * MINUTE,
      HOUR + 5 * MINUTE,
      2 * HOUR,
      2 * HOUR + 59 * MINUTE,
    ]);
    simulator.seedPstnCalls(first.pstn);
    simulator.seedDirectRoutingCalls(first.directRouting);
    const fetcherA = await start();
    const topics = fetcherA.runtime.topics;
    const pstn = await readCommitted(kafka, topics.pstnCalls, PstnCallRowV1Definition);
    const directRouting = await readCommitted(
      kafka,
      topics.directRoutingCalls,
      DirectRoutingCallRowV1Definition,
    );
    const keys = (rows: readonly { id?: string | null }[]) =>
      rows.map((r) => graphKey(started.tenantId, String(r.id)));
    const seen = (reader: typeof pstn | typeof directRouting, wanted: readonly string[]) =>
      wanted.every((key) => reader.messages.some((m) => m.key === key));
    await waitFor(
      () => seen(pstn, keys(first.pstn)) && seen(directRouting, keys(first.directRouting)),
      {
        description: 'the first rows',
      },
    );
    await fetcherA.close();

    // After the restart: a new call, and a late row in a window already polled (found by a re-poll).
    // The new call starts after the stopped fetcher's last watermark (at most its close time).
    const afterClose = new Date(Date.now() + 1).toISOString();
    const newer = {
      pstn: [aPstnCallRow({ id: 'new-pstn', startDateTime: afterClose })],
      directRouting: [
        aDirectRoutingRow({
          id: 'new-dr',
          startDateTime: afterClose,
        }),
      ],
    };
    const late = rowsAt('late', [20 * MINUTE]);
    simulator.seedPstnCalls([...newer.pstn, ...late.pstn]);
    simulator.seedDirectRoutingCalls([...newer.directRouting, ...late.directRouting]);
    await start();
    await waitFor(
      () =>
        seen(pstn, keys([...newer.pstn, ...late.pstn])) &&
        seen(directRouting, keys([...newer.directRouting, ...late.directRouting])),
      {
        description: 'the rows after the restart',
      },
    );
    await Promise.all([pstn.stop(), directRouting.stop()]);

    // Every row, and no other. A re-poll produces only rows new or changed since this process
    // produced them; the first re-poll after a restart may produce unsettled rows once more (same
    // key and content: the indexes and rollups replace them by id).
    const distinct = (keys: readonly string[]) => [...new Set(keys)].sort();
    const pstnKeys = distinct(pstn.messages.map((m) => m.key));
    const drKeys = distinct(directRouting.messages.map((m) => m.key));
    expect(pstnKeys).toEqual([...keys(first.pstn), ...keys(newer.pstn), ...keys(late.pstn)].sort());
    expect(drKeys).toEqual(
      [
        ...keys(first.directRouting),
        ...keys(newer.directRouting),
        ...keys(late.directRouting),
      ].sort(),
    );
    const edgeRow = pstn.messages.find((m) => m.key === keys(first.pstn)[2]);
    expect(edgeRow?.event.payload.window.fromDateTime).toBe(
      new Date(historyStart + 2 * HOUR).toISOString(),
    );
  });
});
