// Time from a lost subscription to the first recovered record, against the Graph simulator and the
// shared local Kafka: a silent deletion (found by the reconcile, every BENCH_RECONCILE_MS) beside the
// raw baseline of the same loss announced by a `subscriptionRemoved` lifecycle notification (acted on
// at once), in the same run. Then the Graph requests one quiet reconcile run costs per tenant.
//
//   node scripts/run-ts.mts services/ingestion/test/reconcile.bench.ts
//   BENCH_RECONCILE_MS=5000 BENCH_ROUNDS=3 node scripts/run-ts.mts services/ingestion/test/reconcile.bench.ts
import { setTimeout as delay } from 'node:timers/promises';

import { createSimulator } from '@callrecords/graph-simulator';
import { uniqueName, waitFor } from '@callrecords/testing';

import type { RunningIngestion } from '../src/bootstrap';
import type { IngestionConfig } from '../src/config';
import type { SimHandle } from './harness';
import {
  boot,
  callRecordAt,
  deleteSilently,
  readNotifications,
  requestCount,
  simCall,
  simSubscriptions,
  testConfig,
  testKafka,
} from './harness';

const RECONCILE_MS = Number(process.env['BENCH_RECONCILE_MS'] ?? 5_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const TICK_MS = 250;
const GAP_RECORDS = 5;
const DAY_MS = 86_400_000;
const DEFAULT_RECONCILE_MS = 300_000;

const out = (line: string): void => void process.stdout.write(`${line}\n`);

interface Recovery {
  readonly subscriptionMs: number;
  readonly firstRecordMs: number;
}

async function currentSubscription(sim: SimHandle, other?: string): Promise<string> {
  return waitFor(async () => (await simSubscriptions(sim)).find((s) => s.id !== other)?.id, {
    timeoutMs: 4 * RECONCILE_MS + 10_000,
    intervalMs: 20,
    description: 'a subscription',
  });
}

// Loses the subscription, seeds calls at once (not notified: no subscription), and times recovery.
async function lose(
  context: { sim: SimHandle; config: IngestionConfig; ingestion: RunningIngestion },
  remove: (subscriptionId: string) => Promise<void>,
): Promise<Recovery> {
  const { sim, config, ingestion } = context;
  const lost = await currentSubscription(sim);
  const lostAt = Date.now();
  await remove(lost);
  const ids = new Set(Array.from({ length: GAP_RECORDS }, () => uniqueName('gap')));
  for (const id of ids) {
    sim.simulator.seedCallRecord(callRecordAt(id, new Date(lostAt - 1_000)));
  }
  await currentSubscription(sim, lost);
  const subscriptionMs = Date.now() - lostAt;
  const recovered = await waitFor(
    async () => {
      const events = await readNotifications(testKafka(config), ingestion.topics.notifications);
      const gap = events.filter((e) => ids.has(e.payload.callRecordId));
      return gap.length >= ids.size ? gap : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, description: 'the gap records' },
  );
  const first = Math.min(...recovered.map((e) => Date.parse(e.payload.receivedAt)));
  return { subscriptionMs, firstRecordMs: first - lostAt };
}

function summary(label: string, runs: readonly Recovery[]): void {
  const median = (values: number[]): number =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const sub = runs.map((r) => r.subscriptionMs);
  const first = runs.map((r) => r.firstRecordMs);
  out(
    `${label.padEnd(34)} new subscription median ${median(sub)} ms (max ${Math.max(...sub)})  ` +
      `first recovered record median ${median(first)} ms (max ${Math.max(...first)})`,
  );
}

async function main(): Promise<void> {
  const simulator = createSimulator({ batchWindowMs: 10, httpPort: 0 });
  const sim: SimHandle = { simulator, started: await simulator.start() };
  const config = await testConfig(sim, {
    INGESTION_SUBSCRIPTION_LIFETIME_MINUTES: '60',
    INGESTION_SCHEDULER_INTERVAL_MS: String(TICK_MS),
    INGESTION_RECONCILE_INTERVAL_MS: String(RECONCILE_MS),
  });
  const ingestion = await boot(config);
  const context = { sim, config, ingestion };
  out(`reconcile every ${RECONCILE_MS} ms, scheduler tick ${TICK_MS} ms, ${ROUNDS} rounds`);
  const lifecycle: Recovery[] = [];
  const silent: Recovery[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    lifecycle.push(
      await lose(context, async (subscriptionId) => {
        await simCall(sim, '/_sim/lifecycle', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ subscriptionId, lifecycleEvent: 'subscriptionRemoved' }),
        });
      }),
    );
    silent.push(await lose(context, (subscriptionId) => deleteSilently(sim, subscriptionId)));
  }
  summary('baseline: subscriptionRemoved', lifecycle);
  summary('silent deletion (reconcile)', silent);

  // A quiet tenant: count what the reconcile sends over a few periods.
  const before = {
    list: await requestCount(sim, 'GET', /\/v1\.0\/subscriptions$/),
    records: await requestCount(sim, 'GET', /\/v1\.0\/communications\/callRecords$/),
  };
  const periods = 3;
  await delay(periods * RECONCILE_MS);
  const list = (await requestCount(sim, 'GET', /\/v1\.0\/subscriptions$/)) - before.list;
  const records =
    (await requestCount(sim, 'GET', /\/v1\.0\/communications\/callRecords$/)) - before.records;
  const perRun = (list + records) / periods;
  const runsPerDay = DAY_MS / DEFAULT_RECONCILE_MS;
  out(
    `quiet tenant: ${list} GET /subscriptions + ${records} List callRecords in ${periods} periods ` +
      `= ${perRun.toFixed(1)} requests per run; at the default ${DEFAULT_RECONCILE_MS / 1000} s: ` +
      `${(perRun * runsPerDay).toFixed(0)} requests per tenant per day ` +
      `(+${runsPerDay} List calls on days the tenant stays silent past the threshold)`,
  );
  await ingestion.close();
  await simulator.stop();
}

void main();
