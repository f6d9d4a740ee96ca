import type { RunningAggregator } from '../src/bootstrap';
import { generateEvents } from './dataset';
import {
  bruteForceRollups,
  configOf,
  exactRollups,
  startInProcess,
  testEnvironment,
  TestPipeline,
} from './aggregator-harness';

// Two replicas in one consumer group, each with two partitions at once: they share the partitions
// and write the same day and hour documents concurrently (compare-and-set), and must end with the
// numbers of the brute-force recomputation, like one replica.
describe('aggregator replicas', () => {
  const config = configOf(
    testEnvironment({ AGGREGATOR_CONCURRENT_PARTITIONS: '2', AGGREGATOR_BATCH_SIZE: '40' }),
  );
  const pipeline = new TestPipeline(config);
  const events = [5, 6].flatMap((seed, i) =>
    generateEvents(seed, `00000000-0000-4000-8000-00000000e00${i}`),
  );
  const expected = bruteForceRollups(events, config);
  const replicas: RunningAggregator[] = [];

  beforeAll(async () => {
    await pipeline.init();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await pipeline.close();
  });

  it('ends with the rollups of the recomputation when two replicas share the work', async () => {
    replicas.push(await startInProcess(config), await startInProcess(config));

    await pipeline.produce(events);
    const diff = await exactRollups(pipeline, expected, 90_000);

    expect(diff).toEqual([]);
  });
});
