import { startPrivateKafka, uniqueName, waitFor } from '@callrecords/testing';
import type { PrivateKafka } from '@callrecords/testing';
import { createSimulator } from '@callrecords/graph-simulator';
import type { SimulatorOptions } from '@callrecords/graph-simulator';

import type { RunningIngestion } from '../src/bootstrap';
import type { IngestionConfig } from '../src/config';
import { boot, callRecordAt, readNotifications, testConfig, testKafka } from './harness';
import type { SimHandle } from './harness';

// A private broker, so stopping it disturbs nobody. The simulator retries failed deliveries quickly
// (Graph: 4 hours) and waits long enough for a definite answer, as Graph would after its timeout.

async function startSim(options: SimulatorOptions): Promise<SimHandle> {
  const simulator = createSimulator({ ...options, httpPort: 0 });
  return { simulator, started: await simulator.start() };
}

describe('ingestion during a Kafka outage', () => {
  let kafka: PrivateKafka;
  let sim: SimHandle;
  let config: IngestionConfig;
  let ingestion: RunningIngestion;

  beforeAll(async () => {
    [kafka, sim] = await Promise.all([
      startPrivateKafka(),
      startSim({
        batchWindowMs: 10,
        deliveryTimeoutMs: 30_000,
        retry: { baseDelayMs: 300, maxDelayMs: 1_000 },
      }),
    ]);
    config = await testConfig(sim, { KAFKA_BROKERS: kafka.brokers.join(',') });
    ingestion = await boot(config);
    await ingestion.store.whenCaughtUp();
    await waitFor(() => ingestion.leadership.isLeader(), { description: 'leadership' });
    await ingestion.manager.tick();
  }, 90_000);

  afterAll(async () => {
    await ingestion?.close();
    await sim?.simulator.stop();
    await kafka?.close();
  }, 60_000);

  it('answers 5xx while Kafka is down, then Graph retries land each notification exactly once', async () => {
    const ids = Array.from({ length: 20 }, () => uniqueName('outage'));
    await kafka.stop();

    ids.forEach((id) => sim.simulator.seedCallRecord(callRecordAt(id, new Date())));
    await waitFor(
      () => sim.simulator.deliveries({ kind: 'change', outcome: 'failed' }).length > 2,
      {
        timeoutMs: 40_000,
        description: 'failed deliveries',
      },
    );
    await kafka.start();
    await waitFor(
      () =>
        sim.simulator
          .deliveries({ kind: 'change' })
          .filter((d) => d.outcome === 'delivered' && d.status === 202).length > 0 &&
        sim.simulator
          .deliveries({ kind: 'change', outcome: 'failed' })
          .every((failed) =>
            sim.simulator
              .deliveries({ kind: 'change', outcome: 'delivered' })
              .some((d) => d.batchId === failed.batchId),
          ),
      { timeoutMs: 60_000, description: 'every batch delivered after the outage' },
    );

    const failed = sim.simulator.deliveries({ kind: 'change', outcome: 'failed' });
    expect(failed.every((d) => d.status !== undefined && d.status >= 500)).toBe(true);
    const events = await readNotifications(testKafka(config), ingestion.topics.notifications);
    const counts = ids.map((id) => events.filter((e) => e.payload.callRecordId === id).length);
    expect(counts).toEqual(ids.map(() => 1));
  }, 120_000);
});
