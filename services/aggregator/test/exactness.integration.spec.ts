import { TOPICS } from '@callrecords/contracts';
import { waitFor } from '@callrecords/testing';

import type { RunningAggregator } from '../src/bootstrap';
import { generateEvents } from './dataset';
import {
  bruteForceRollups,
  configOf,
  differences,
  startInProcess,
  testEnvironment,
  TestPipeline,
} from './aggregator-harness';

// Property-style: several seeded data sets (duplicates, version updates that move buckets, shuffled
// order), each in its own tenant; every rollup must equal the brute-force recomputation.
const SEEDS = [7, 42, 20261126];
const TENANTS = SEEDS.map((_, i) => `00000000-0000-4000-8000-00000000a00${i}`);

describe('aggregator exactness', () => {
  // Three partitions at once: concurrent recomputes of the same buckets must stay exact too; two
  // contribution workers decode and compute contributions (the other specs compute them inline).
  const config = configOf(
    testEnvironment({
      AGGREGATOR_CONCURRENT_PARTITIONS: '3',
      AGGREGATOR_CONTRIBUTION_WORKERS: '2',
    }),
  );
  const pipeline = new TestPipeline(config);
  const events = SEEDS.flatMap((seed, i) => generateEvents(seed, TENANTS[i] as string));
  const expected = bruteForceRollups(events, config);
  let aggregator: RunningAggregator | undefined;

  beforeAll(async () => {
    await pipeline.init();
  });

  afterAll(async () => {
    await aggregator?.close();
    await pipeline.close();
  });

  async function rollupsMatch(): Promise<string[]> {
    return waitFor(
      async () => {
        const actual = await pipeline.readRollups();
        const diff = differences(actual, expected);
        if (diff.length > 0) {
          const id = diff[0] as string;
          throw new Error(
            `${diff.length} of ${expected.size} differ, e.g. ${id}: ${JSON.stringify(actual.get(id))} vs ${JSON.stringify(expected.get(id))}`,
          );
        }
        return diff;
      },
      {
        timeoutMs: 90_000,
        intervalMs: 500,
        description: 'rollups equal to the brute-force recomputation',
      },
    );
  }

  it('rolls up duplicated, re-versioned, shuffled events to exactly the recomputation, across a restart', async () => {
    const half = Math.floor(events.length / 2);
    aggregator = await startInProcess(config);
    await pipeline.produce(events.slice(0, half));
    await waitFor(async () => (await pipeline.readRollups()).size > 0, { timeoutMs: 20_000 });
    await aggregator.close();

    aggregator = await startInProcess(config);
    await pipeline.produce(events.slice(half));

    expect(await rollupsMatch()).toEqual([]);
  }, 180_000);

  it('rebuilds the same rollups from a full replay of the topics into empty indexes', async () => {
    // A rebuild (README): the rollup indexes, the group's offsets and the state changelog go together.
    await aggregator?.close();
    await pipeline.client.indices.delete({
      index: `${config.OPENSEARCH_INDEX_PREFIX}callrecords-*`,
    });
    const admin = pipeline.kafka.admin();
    await admin.connect();
    await admin.deleteGroups([`${config.KAFKA_TOPIC_PREFIX}callrecords-aggregator`]);
    const changelog = pipeline.topic(TOPICS.aggregatorContributions);
    await admin.deleteTopics({ topics: [changelog], timeout: 15_000 });
    await waitFor(async () => !(await admin.listTopics()).includes(changelog) || undefined, {
      timeoutMs: 30_000,
      description: 'the changelog topic deleted',
    });
    await admin.disconnect();

    aggregator = await startInProcess(config);

    expect(await rollupsMatch()).toEqual([]);
  }, 180_000);

  it('reports ready and counts what it rolled up at /metrics', async () => {
    const url = await (aggregator as RunningAggregator).app.getUrl();

    const ready = await fetch(`${url.replace('[::1]', '127.0.0.1')}/health/ready`);
    const metrics = await (await fetch(`${url.replace('[::1]', '127.0.0.1')}/metrics`)).text();

    expect(ready.status).toBe(200);
    expect(metrics).toMatch(
      /callrecords_aggregator_rollup_documents_written_total\{[^}]*metric="calls"/,
    );
  });
});
