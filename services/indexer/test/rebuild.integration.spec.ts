import { INDEX_IDS } from '@callrecords/contracts';
import type { IndexId } from '@callrecords/contracts';
import { countDocuments, indexesOfAlias } from '@callrecords/opensearch';
import { createMetricsRegistry } from '@callrecords/service-kit';
import {
  aCallRecord,
  aCallRecordFetched,
  aMeetingWithSessions,
  uniqueName,
  waitFor,
} from '@callrecords/testing';

import { indexWritesOf } from '../src/domain/index-writes';
import { rebuildIndexes } from '../src/rebuild/rebuild.service';
import { createIndexerHarness } from './indexer-harness';
import type { IndexerHarness, StoredDocument } from './indexer-harness';

type Snapshot = Record<IndexId, Map<string, StoredDocument>>;

async function snapshot(harness: IndexerHarness): Promise<Snapshot> {
  const entries = await Promise.all(
    INDEX_IDS.map(async (id) => [id, await harness.documents(id)] as const),
  );
  return Object.fromEntries(entries) as Snapshot;
}

// Contents and versions by id; the backing index name is what a rebuild changes, nothing else.
function contents(documents: Map<string, StoredDocument>) {
  return [...documents.entries()]
    .map(([id, doc]) => ({ id, version: doc.version, source: doc.source }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Counts the read alias of `records` every few ms until stopped: what a reader sees meanwhile. */
function watchReaders(harness: IndexerHarness) {
  const seen: number[] = [];
  const errors: unknown[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      await countDocuments(harness.openSearch, harness.names.records.readAlias).then(
        (count) => seen.push(count),
        (error: unknown) => errors.push(error),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { seen, errors };
    },
  };
}

describe('rebuild (real Kafka and OpenSearch)', () => {
  let harness: IndexerHarness;

  beforeAll(async () => {
    harness = await createIndexerHarness(uniqueName('idxrb'));
    await harness.start();
  });

  afterAll(async () => {
    await harness.close();
  });

  it('rebuilds the same documents into a new generation while readers keep reading', async () => {
    const events = [
      aCallRecordFetched(aCallRecord({ version: 2 })),
      aCallRecordFetched(aCallRecord({ version: 1 })),
      ...[1, 2, 3, 4, 5].map((seed) => aCallRecordFetched(aMeetingWithSessions(3, seed))),
    ];
    await harness.produce(events);
    const streamIds = new Set(
      events.flatMap((e) =>
        indexWritesOf(e)
          .filter((w) => w.index === 'streams')
          .map((w) => w.id),
      ),
    );
    await waitFor(
      async () =>
        (await harness.documents('records')).size === 6 &&
        (await harness.documents('streams')).size === streamIds.size,
      { timeoutMs: 30_000, description: 'six call documents and their streams' },
    );
    const before = await snapshot(harness);
    const readers = watchReaders(harness);

    const report = await rebuildIndexes({
      config: harness.config,
      kafka: harness.kafka,
      openSearch: harness.openSearch,
      logger: harness.logger,
      registry: createMetricsRegistry({ service: 'rebuild', defaultMetrics: false }),
      generation: 'r1',
      pollMs: 100,
    });
    const { seen, errors } = await readers.stop();
    const after = await snapshot(harness);

    expect(INDEX_IDS.map((id) => contents(after[id]))).toEqual(
      INDEX_IDS.map((id) => contents(before[id])),
    );
    expect(await indexesOfAlias(harness.openSearch, harness.names.records.readAlias)).toEqual([
      report.records.index,
    ]);
    expect([errors.length, Math.min(...seen), seen.length > 0]).toEqual([0, 6, true]);
  });

  it('keeps indexing live events into the new generation after the swap', async () => {
    const late = aCallRecordFetched(aMeetingWithSessions(2, 99));

    await harness.produce([late]);
    const records = await waitFor(
      async () => {
        const documents = await harness.documents('records');
        return documents.size === 7 ? documents : false;
      },
      { timeoutMs: 30_000, description: 'the late record' },
    );

    expect([...records.values()].every((doc) => doc.index.includes('-gr1-'))).toBe(true);
  });
});
