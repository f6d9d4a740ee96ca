// The demo's data source: once the Graph simulator answers, asks it to generate call records (and PSTN
// and Direct Routing rows, and later versions) at a steady rate, as a tenant's calls would arrive. The
// simulator then notifies subscribers exactly as Graph would. Env: DEMO_RECORDS (default 300),
// DEMO_RATE_PER_SECOND (default 2), DEMO_SEED (default 1), GRAPH_SIM_HTTP_PORT (default 4011).
import { setTimeout as delay } from 'node:timers/promises';

const control = `http://127.0.0.1:${process.env['GRAPH_SIM_HTTP_PORT'] ?? '4011'}/_sim`;
const count = Number(process.env['DEMO_RECORDS'] ?? '300');
const ratePerSecond = Number(process.env['DEMO_RATE_PER_SECOND'] ?? '2');
const seed = Number(process.env['DEMO_SEED'] ?? '1');

async function waitForSimulator(deadline: number): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${control}/health`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`the Graph simulator did not answer at ${control}/health`);
    }
    await delay(250);
  }
}

// Notifications reach only existing subscriptions (as with Graph): wait for ingestion's.
async function waitForSubscription(deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const response = await fetch(`${control}/subscriptions`).catch(() => undefined);
    const body = response?.ok ? ((await response.json()) as { value: unknown[] }) : undefined;
    if (body && body.value.length > 0) {
      return;
    }
    await delay(500);
  }
  process.stdout.write('no subscription after 90 s; generating anyway (ingestion will backfill)\n');
}

await waitForSimulator(Date.now() + 60_000);
await waitForSubscription(Date.now() + 90_000);
const response = await fetch(`${control}/generate`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    count,
    seed,
    ratePerSecond,
    withUpdates: true,
    baseTime: new Date().toISOString(),
  }),
});
if (!response.ok) {
  throw new Error(`generate failed: ${response.status} ${await response.text()}`);
}
process.stdout.write(
  `generating ${count} call records at ${ratePerSecond}/s (seed ${seed}) in the Graph simulator; ` +
    `see ${control}/requests and ${control}/deliveries\n`,
);
