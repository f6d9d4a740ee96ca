import { countDocuments, createOpenSearchClient, refreshIndex } from '@callrecords/opensearch';

import type { RunningAggregator } from '../src/bootstrap';
import { RetentionService } from '../src/rollups/retention.service';
import { aggregatorIndexNames } from '../src/rollups/rollup-indexes.constants';
import { RollupStoreRepository } from '../src/rollups/rollup-store.repository';
import type { AggregatorEvent } from '../src/rollups/to-contribution';
import { generateEvents } from './dataset';
import { latestEvents } from './rollup-oracle';
import {
  bruteForceRollups,
  configOf,
  differences,
  exactRollups,
  SILENT,
  startInProcess,
  testEnvironment,
  TestPipeline,
} from './aggregator-harness';

// Retention prunes rollups older than the cutoff and, with them, the contributions of records in
// those hours: what stays equals the recomputation restricted to the kept buckets.
describe(RetentionService.name, () => {
  const config = configOf(testEnvironment());
  const pipeline = new TestPipeline(config);
  const events = generateEvents(31, '00000000-0000-4000-8000-00000000f001');
  const expected = bruteForceRollups(events, config);
  const client = createOpenSearchClient(config, { readFile: () => '' });
  const names = aggregatorIndexNames(config.OPENSEARCH_INDEX_PREFIX);
  let aggregator: RunningAggregator | undefined;

  beforeAll(async () => {
    await pipeline.init();
    aggregator = await startInProcess(config);
    await pipeline.produce(events);
    await exactRollups(pipeline, expected);
  });

  afterAll(async () => {
    await aggregator?.close();
    await client.close();
    await pipeline.close();
  });

  it('keeps the buckets from the cutoff on, and only the contributions of their records', async () => {
    // The data set spans 2026-11-20T00:00Z to 2026-11-21T16:00Z: keep 2026-11-21 only.
    const cutoff = '2026-11-21T00:00:00.000Z';
    const store = new RollupStoreRepository(client, names, {
      prefix: config.OPENSEARCH_INDEX_PREFIX,
      contributionShards: 1,
    });
    const retention = new RetentionService({
      store,
      retentionDays: 0,
      logger: SILENT,
      now: () => new Date('2026-11-21T12:00:00.000Z'),
    });
    const kept = new Map([...expected].filter(([, doc]) => String(doc['bucketStart']) >= cutoff));
    const keptSources = latestEvents(events).filter((e) => startOf(e) >= cutoff).length;

    await retention.prune();
    const left = differences(await pipeline.readRollups(), kept);
    await refreshIndex(client, names.contributions);
    const contributionsLeft = await countDocuments(client, names.contributions);

    expect(kept.size).toBeGreaterThan(0);
    expect(kept.size).toBeLessThan(expected.size);
    expect(left).toEqual([]);
    expect(contributionsLeft).toBe(keptSources);
  });
});

function startOf(event: AggregatorEvent): string {
  const start =
    event.type === 'CallRecordFetched'
      ? event.payload.callRecord.startDateTime
      : event.payload.row.startDateTime;
  return new Date(Date.parse(start ?? '')).toISOString();
}
