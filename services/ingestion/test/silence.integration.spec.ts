import { uniqueName, waitFor } from '@callrecords/testing';
import { createSimulator } from '@callrecords/graph-simulator';

import type { RunningIngestion } from '../src/bootstrap';
import type { SimHandle } from './harness';
import { boot, callRecordAt, publishedCounts, simSubscriptions, testConfig } from './harness';

// Graph can drop notifications without a lifecycle event (libs/contracts/graph-reference/FACTS.md §7, `missed`): a tenant silent
// past the threshold while List shows calls is treated as missed (issue #19).

describe('silence detection', () => {
  let sim: SimHandle;
  let ingestion: RunningIngestion;

  afterAll(async () => {
    await ingestion?.close();
    await sim?.simulator.stop();
  });

  it('treats a tenant as missed when calls were listed but nothing was notified for longer than the threshold', async () => {
    const simulator = createSimulator({ batchWindowMs: 10, httpPort: 0 });
    sim = { simulator, started: await simulator.start() };
    const config = await testConfig(sim, {
      INGESTION_SUBSCRIPTION_LIFETIME_MINUTES: '60',
      INGESTION_SILENCE_THRESHOLD_MS: '1000',
      INGESTION_RECONCILE_INTERVAL_MS: '1000',
    });
    ingestion = await boot(config);
    await ingestion.store.whenCaughtUp();
    await waitFor(() => ingestion.leadership.isLeader(), { description: 'leadership' });
    await ingestion.manager.tick();
    const [subscription] = await simSubscriptions(sim);
    // Graph drops every notification from now on, without telling (no lifecycle event).
    sim.simulator.addFault({ kind: 'dropNotification', durationMs: 60_000 });
    const dropped = Array.from({ length: 5 }, () => uniqueName('dropped'));
    for (const id of dropped) {
      sim.simulator.seedCallRecord(callRecordAt(id, new Date()));
    }

    await waitFor(
      async () => {
        await ingestion.manager.tick();
        const published = await publishedCounts(config, ingestion.topics.notifications);
        return dropped.every((id) => published.has(id));
      },
      { timeoutMs: 20_000, intervalMs: 500, description: 'the dropped records backfilled' },
    );

    const counts = await publishedCounts(config, ingestion.topics.notifications);
    expect(dropped.map((id) => counts.get(id))).toEqual(dropped.map(() => 1));
    expect(ingestion.store.lookup(subscription?.id ?? '')?.change).toBe('renewed');
  }, 60_000);
});
