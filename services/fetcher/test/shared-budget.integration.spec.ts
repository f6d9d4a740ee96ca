import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import {
  CallRecordFetchedV1Definition,
  graphKey,
  prefixedTopic,
  TOPICS,
} from '@callrecords/contracts';
// The Graph simulator stands in for Graph and Entra (STYLE.md 2.13), with its 429 limits on.
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import type { Kafka } from '@callrecords/kafka';
import { aMeetingWithSessions, getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import {
  counterValue,
  fetcherEnv,
  notify,
  readCommitted,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';
import type { InProcessFetcher, TopicReader } from './fetcher-harness';

// Graph's rules with smaller numbers, so that a few hundred records are enough to reach them:
// across tenants 200 / 20 s for the app, 150 / 20 s per tenant (Graph: 15,000 and 1,500).
const APP_LIMIT = 200;
const TENANT_LIMIT = 150;
// Each replica is configured with the whole deployment's budget, less 10 % for the jitter between
// the moment a fetcher sends and the moment Graph counts (as an operator would set it).
const CONFIGURED = { app: APP_LIMIT * 0.9, tenant: TENANT_LIMIT * 0.9 };
// 3 replicas each spending the whole configured budget would send 3 × 180 in a window: 429s.
const REPLICAS = 3;
const RECORDS = 160;

let dir: string;
let simulator: Simulator;
let started: StartedSimulator;
let kafka: Kafka;
const fetchers: InProcessFetcher[] = [];
let records: TopicReader<ReturnType<typeof CallRecordFetchedV1Definition.schema.parse>>;
const prefix = `${uniqueName('fetcher-budget')}.`;
const notificationsTopic = prefixedTopic(TOPICS.notifications, prefix).name;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fetcher-budget-'));
  simulator = createSimulator({
    caFile: join(dir, 'ca.pem'),
    httpPort: 0,
    throttling: true,
    throttlingRules: {
      perApp: { limit: APP_LIMIT, windowMs: 20_000 },
      perAppPerTenant: { limit: TENANT_LIMIT, windowMs: 20_000 },
    },
  });
  started = await simulator.start();
  const brokers = getTestEnv().kafkaBrokers;
  kafka = testKafka(brokers);
  const sim = {
    graphUrl: started.graphUrl,
    clientId: started.clientId,
    clientSecret: started.clientSecret,
    tenantIds: [started.tenantId, started.secondTenantId],
    caFile: join(dir, 'ca.pem'),
  };
  for (let replica = 1; replica <= REPLICAS; replica += 1) {
    const extra = {
      FETCHER_TRANSACTIONAL_ID: `budget-replica-${replica}`,
      FETCHER_APP_REQUESTS_PER_20S: String(CONFIGURED.app),
      FETCHER_TENANT_REQUESTS_PER_20S: String(CONFIGURED.tenant),
    };
    fetchers.push(await startInProcessFetcher(fetcherEnv(sim, { brokers, prefix, extra })));
  }
  records = await readCommitted(
    kafka,
    fetchers[0]?.runtime.topics.records ?? '',
    CallRecordFetchedV1Definition,
  );
}, 120_000);

afterAll(async () => {
  await records?.stop();
  await Promise.all(fetchers.map((fetcher) => fetcher.close()));
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function shares(): Promise<number[]> {
  return Promise.all(
    fetchers.map((f) => counterValue(f.registry, 'callrecords_fetcher_limiter_share_ratio')),
  );
}

async function simulatorStatusCounts(): Promise<Record<string, number>> {
  const response = await fetch(`${started.httpUrl ?? ''}/_sim/requests`);
  const body = (await response.json()) as { counters: Record<string, number> };
  return body.counters;
}

describe('fetcher: Graph budget shared across the consumer group', () => {
  it('fetches every record exactly once with three replicas and never earns a 429', async () => {
    // Every replica joined and took its share: the shares of one assignment add up to one.
    await waitFor(
      async () => {
        const now = await shares();
        return now.every((s) => s > 0 && s < 1) && Math.abs(now.reduce((a, b) => a + b) - 1) < 1e-9;
      },
      { timeoutMs: 90_000, description: 'three members each holding a share of the budget' },
    );
    const seeded = Array.from({ length: RECORDS }, (_, i) => {
      const tenantId = i % 2 === 0 ? started.tenantId : started.secondTenantId;
      const record = aMeetingWithSessions(2, 5_000 + i);
      simulator.seedCallRecord(record, tenantId);
      return { tenantId, id: record.id };
    });

    await notify(
      kafka,
      notificationsTopic,
      seeded.map((r) => ({ tenantId: r.tenantId, callRecordId: r.id })),
    );
    await waitFor(() => records.messages.length >= RECORDS, {
      timeoutMs: 180_000,
      description: `${RECORDS} records fetched`,
    });

    const keys = records.messages.map((m) => m.key);
    expect(new Set(keys).size).toBe(RECORDS);
    expect(keys.length).toBe(RECORDS);
    expect([...new Set(keys)].sort()).toEqual(seeded.map((r) => graphKey(r.tenantId, r.id)).sort());
    const throttled = Object.entries(await simulatorStatusCounts()).filter(([key]) =>
      key.endsWith(' 429'),
    );
    expect(throttled).toEqual([]);
    const fetcher429s = await Promise.all(
      fetchers.map((f) =>
        counterValue(f.registry, 'callrecords_fetcher_graph_requests_total', { status: '429' }),
      ),
    );
    expect(fetcher429s).toEqual([0, 0, 0]);
  }, 300_000);
});
