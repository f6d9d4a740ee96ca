import { KEEP_FOREVER, parseRetentionPolicy } from '@callrecords/contracts';
import type { RetentionPolicy } from '@callrecords/contracts';
import { createOpenSearchClient } from '@callrecords/opensearch';

import type { RunningAggregator } from '../src/bootstrap';
import { RetentionService } from '../src/rollups/retention.service';
import { aggregatorIndexNames } from '../src/rollups/rollup-indexes.constants';
import { RollupStoreRepository } from '../src/rollups/rollup-store.repository';
import { generateEvents } from './dataset';
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

// Retention prunes rollups older than the cutoff: what stays equals the recomputation restricted to
// the kept buckets. (The contributions of records in those hours stop counting at the same cutoff
// and leave the changelog: contribution-state.integration.spec.ts.)
describe(RetentionService.name, () => {
  const config = configOf(testEnvironment());
  const pipeline = new TestPipeline(config);
  const events = generateEvents(31, '00000000-0000-4000-8000-00000000f001');
  const expected = bruteForceRollups(events, config);
  const client = createOpenSearchClient(config, { readFile: () => '' });
  const names = aggregatorIndexNames(config.OPENSEARCH_INDEX_PREFIX);
  let aggregator: RunningAggregator | undefined;

  // A retention service over the test's rollups, at a fixed now; AGGREGATOR_RETENTION_DAYS 0.
  function retentionAt(now: string, privacy: RetentionPolicy): RetentionService {
    const store = new RollupStoreRepository(client, names, {
      prefix: config.OPENSEARCH_INDEX_PREFIX,
    });
    return new RetentionService({
      store,
      retentionDays: 0,
      privacy,
      logger: SILENT,
      now: () => new Date(now),
    });
  }

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

  it('keeps the buckets from the cutoff on', async () => {
    // The data set spans 2026-11-20T00:00Z to 2026-11-21T16:00Z: keep 2026-11-21 only.
    const cutoff = '2026-11-21T00:00:00.000Z';
    const retention = retentionAt('2026-11-21T12:00:00.000Z', KEEP_FOREVER);
    const kept = new Map([...expected].filter(([, doc]) => String(doc['bucketStart']) >= cutoff));

    await retention.prune();
    const left = differences(await pipeline.readRollups(), kept);

    expect(kept.size).toBeGreaterThan(0);
    expect(kept.size).toBeLessThan(expected.size);
    expect(left).toEqual([]);
  });

  it('prunes the PSTN `user` cells past the tenant’s privacy retention, and keeps every other cell', async () => {
    // PRIVACY_RETENTION_DAYS 1 for the tenant, now 2026-11-23T06:00Z: calls before 2026-11-22T06:00Z
    // are past; a cell goes once its whole bucket (up to a day) is, so buckets starting before
    // 2026-11-21T06:00Z. The first test already pruned everything before 2026-11-21.
    const personalCutoff = '2026-11-21T06:00:00.000Z';
    const retention = retentionAt(
      '2026-11-23T06:00:00.000Z',
      parseRetentionPolicy('0,00000000-0000-4000-8000-00000000f001=1'),
    );
    const before = [...expected].filter(([, doc]) => String(doc['bucketStart']) >= '2026-11-21');
    const isPersonalAndOld = (doc: Record<string, unknown>): boolean =>
      doc['dimension'] === 'user' && String(doc['bucketStart']) < personalCutoff;
    const kept = new Map(before.filter(([, doc]) => !isPersonalAndOld(doc)));

    await retention.prunePersonalCells();
    const left = differences(await pipeline.readRollups(), kept);

    expect(before.filter(([, doc]) => isPersonalAndOld(doc)).length).toBeGreaterThan(0);
    expect([...kept.values()].some((doc) => doc['dimension'] === 'user')).toBe(true);
    expect(left).toEqual([]);
  });
});
