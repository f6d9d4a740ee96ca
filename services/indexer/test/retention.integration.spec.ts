import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { parseRetentionPolicy } from '@callrecords/contracts';
import type { CallRecordFetchedV1 } from '@callrecords/contracts';
import { createProducer } from '@callrecords/kafka';
import { createMetricsRegistry } from '@callrecords/service-kit';
import { aCallRecord, aCallRecordFetched, uniqueName, waitFor } from '@callrecords/testing';

import { rebuildIndexes } from '../src/rebuild/rebuild.service';
import { createIndexerHarness } from './indexer-harness';
import type { IndexerHarness } from './indexer-harness';

const DAY_MS = 86_400_000;
const KEPT_30_DAYS = 'bbbbbbbb-0000-4000-8000-000000000030';
const KEPT_FOREVER = 'bbbbbbbb-0000-4000-8000-000000000099';
const POLICY = `0,${KEPT_30_DAYS}=30`;

// The Graph example's call moved so that it starts `daysAgo` days before now: every timestamp of
// the record (sessions, segments, streams) moves by the same amount.
function aCallStarted(daysAgo: number, tenantId: string, id: string): CallRecordFetchedV1 {
  const example = aCallRecord();
  const shift = Date.now() - daysAgo * DAY_MS - Date.parse(example.startDateTime ?? '');
  const moved = JSON.stringify({ ...example, id }).replace(
    /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g,
    (iso) => new Date(Date.parse(iso) + shift).toISOString(),
  );
  const event = aCallRecordFetched(JSON.parse(moved) as typeof example);
  return { ...event, tenantId };
}

const old = aCallStarted(45, KEPT_30_DAYS, 'aaaaaaaa-0000-4000-8000-000000000001');
const fresh = aCallStarted(2, KEPT_30_DAYS, 'aaaaaaaa-0000-4000-8000-000000000002');
const oldKept = aCallStarted(45, KEPT_FOREVER, 'aaaaaaaa-0000-4000-8000-000000000003');

async function callIds(harness: IndexerHarness): Promise<string[]> {
  const records = await harness.documents('records');
  return [...records.keys()].sort();
}

async function streamCallIds(harness: IndexerHarness): Promise<string[]> {
  const streams = await harness.documents('streams');
  const ids = [...streams.values()].map(
    (d) => `${String(d.source['tenantId'])}:${String(d.source['callRecordId'])}`,
  );
  return [...new Set(ids)].sort();
}

// Every index rebuilt from the topics into a new generation, under the retention policy.
async function rebuildUnderPolicy(harness: IndexerHarness, generation: string): Promise<void> {
  await rebuildIndexes({
    config: { ...harness.config, PRIVACY_RETENTION_DAYS: parseRetentionPolicy(POLICY) },
    kafka: harness.kafka,
    openSearch: harness.openSearch,
    logger: harness.logger,
    registry: createMetricsRegistry({ service: 'rebuild', defaultMetrics: false }),
    generation,
    pollMs: 100,
  });
}

const key = (event: CallRecordFetchedV1) => `${event.tenantId}:${event.payload.callRecord.id}`;

describe('retention per tenant (real Kafka and OpenSearch)', () => {
  let harness: IndexerHarness;

  beforeAll(async () => {
    harness = await createIndexerHarness(uniqueName('idxret'));
    // Stored before the tenant's retention applied (or while it was longer): all three indexed.
    const before = await harness.start();
    await harness.produce([old, fresh, oldKept]);
    await waitFor(async () => (await callIds(harness)).length === 3, {
      timeoutMs: 60_000,
      description: 'three call documents',
    });
    await before.close();
  }, 120_000);

  afterAll(async () => {
    await harness.close();
  });

  it('deletes the records and streams of calls past their tenant’s retention, only those', async () => {
    await harness.start({ PRIVACY_RETENTION_DAYS: POLICY });

    const remaining = await waitFor(
      async () => {
        const ids = await callIds(harness);
        return ids.length === 2 ? ids : undefined;
      },
      { timeoutMs: 60_000, description: 'the sweep at start' },
    );

    expect(remaining).toEqual([key(fresh), key(oldKept)].sort());
    expect(await streamCallIds(harness)).toEqual([key(fresh), key(oldKept)].sort());
  });

  it('does not bring them back when the topics are replayed into a new generation', async () => {
    await rebuildUnderPolicy(harness, 'ret1');

    const records = await harness.documents('records');

    expect([...records.keys()].sort()).toEqual([key(fresh), key(oldKept)].sort());
    expect([...records.values()].every((doc) => doc.index.includes('-gret1-'))).toBe(true);
    expect(await streamCallIds(harness)).toEqual([key(fresh), key(oldKept)].sort());
  });

  it('rebuilds past the tombstone the fetcher’s sweep leaves for an expired call: skipped, no dead letter', async () => {
    const producer = createProducer(harness.kafka);
    await producer.connect();
    await producer
      .send([{ topic: harness.topics.inputs[0] ?? '', key: key(old), value: null }])
      .finally(() => producer.disconnect());

    await rebuildUnderPolicy(harness, 'ret2');
    const records = await harness.documents('records');

    expect([...records.keys()].sort()).toEqual([key(fresh), key(oldKept)].sort());
    expect([...records.values()].every((doc) => doc.index.includes('-gret2-'))).toBe(true);
    expect(await harness.deadLetters()).toEqual([]);
  });
});
