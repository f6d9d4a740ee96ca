import { setTimeout as delay } from 'node:timers/promises';

import {
  aCallRecord,
  aCallRecordFetched,
  startTcpProxy,
  uniqueName,
  waitFor,
} from '@callrecords/testing';
import type { TcpProxy } from '@callrecords/testing';

import { createIndexerHarness } from './indexer-harness';
import type { IndexerHarness } from './indexer-harness';

const OUTAGE_MS = 30_000;
const idOf = (n: number) => `7a1b2c3d-0000-4000-8000-${String(n).padStart(12, '0')}`;
const versionOf = (n: number, version: number) =>
  aCallRecordFetched(
    aCallRecord({ id: idOf(n), version, joinWebUrl: `https://join/${n}/v${version}` }),
  );

describe('indexer through a 30 s OpenSearch outage (real Kafka and OpenSearch)', () => {
  let harness: IndexerHarness;
  let proxy: TcpProxy;

  beforeAll(async () => {
    harness = await createIndexerHarness(uniqueName('idxout'));
    const target = new URL(harness.config.OPENSEARCH_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 9200) });
    await harness.start({ OPENSEARCH_URL: `http://127.0.0.1:${proxy.port}` });
  });

  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await harness.close();
    await proxy.close();
  });

  it('ends with the expected index, nothing lost, and only the poison dead-lettered', async () => {
    const count = 20;
    const latest = new Map<string, number>();
    const produce = async (n: number, versions: readonly number[]) => {
      await harness.produce(versions.map((version) => versionOf(n, version)));
      latest.set(idOf(n), Math.max(latest.get(idOf(n)) ?? 0, ...versions));
    };
    for (let n = 0; n < count; n += 1) {
      await produce(n, [1]);
    }
    await waitFor(async () => (await harness.documents('records')).size === count, {
      timeoutMs: 30_000,
      description: 'the first versions',
    });

    await proxy.cut();
    const outageEnds = performance.now() + OUTAGE_MS;
    for (let round = 2; performance.now() < outageEnds; round += 1) {
      // A stream during the outage: a new version, an older one after it, a duplicate.
      await produce(round % count, [round, 1, round]);
      await delay(1_000);
    }
    await harness.produce([aCallRecordFetched(aCallRecord({ id: 'p'.repeat(600) }))]);
    await proxy.restore();
    await produce(100, [1]);
    const expected = Object.fromEntries(latest);
    const versions = await waitFor(
      async () => {
        const stored = await storedVersions(harness);
        return sameVersions(stored, expected) ? stored : false;
      },
      { timeoutMs: 40_000, description: 'every record at its latest version after the outage' },
    );
    const letters = await waitFor(
      async () => {
        const received = await harness.deadLetters();
        return received.length > 0 ? received : false;
      },
      { timeoutMs: 20_000, description: 'the poison dead-lettered' },
    );

    expect(versions).toEqual(expected);
    expect(letters.map((l) => l.payload.reason)).toEqual([
      'unmappable event: document id longer than 512 bytes',
    ]);
  }, 90_000);
});

async function storedVersions(harness: IndexerHarness): Promise<Record<string, number>> {
  const documents = await harness.documents('records');
  return Object.fromEntries(
    [...documents.values()].map((doc) => [String(doc.source['id']), Number(doc.source['version'])]),
  );
}

function sameVersions(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => a[key] === b[key]);
}
