// Retention of the fetcher's topics (README "Personal data", "Retention per tenant") on the real
// broker: records are dated by their call's start, the records topic is also deleted by time after
// the longest tenant retention, and the sweep tombstones every call past its own tenant's retention,
// so that a replay of the topic returns none of them.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { graphKey, prefixedTopic, TOPICS } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { readPartitions, readTopicSnapshot } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';
import { aCallRecord, getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import { TopicRetentionService } from '../src/retention/topic-retention.service';
import {
  endpointsOf,
  fetcherEnv,
  notify,
  startInProcessFetcher,
  testKafka,
} from './fetcher-harness';
import type { InProcessFetcher } from './fetcher-harness';

const DAY_MS = 86_400_000;
const KEEPS_60_DAYS = '00000000-0000-4000-8000-0000000000aa';
const NOW = Date.now();
const prefix = `${uniqueName('fetcher-retention')}.`;
const recordsTopic = prefixedTopic(TOPICS.records, prefix).name;

let dir: string;
let simulator: Simulator;
let started: StartedSimulator;
let kafka: Kafka;
let fetcher: InProcessFetcher;

// Whole seconds, as Graph writes them; the expected message timestamps are these instants.
const daysAgo = (days: number): string =>
  new Date(Math.floor((NOW - days * DAY_MS) / 1000) * 1000).toISOString();

interface Call {
  readonly name: string;
  readonly tenant: 'short' | 'long';
  readonly start: string;
}

// Tenant `short` keeps 7 days, every other tenant (`long`) 30 (and one without calls 60).
const CALLS: readonly Call[] = [
  { name: 'short, 10 days old', tenant: 'short', start: daysAgo(10) },
  { name: 'short, 1 day old', tenant: 'short', start: daysAgo(1) },
  { name: 'long, 10 days old', tenant: 'long', start: daysAgo(10) },
  { name: 'long, 40 days old', tenant: 'long', start: daysAgo(40) },
];
const ids = new Map(CALLS.map((call) => [call.name, randomUUID()]));

function tenantOf(call: Call): string {
  return call.tenant === 'short' ? started.tenantId : started.secondTenantId;
}

function keyOf(call: Call): string {
  return graphKey(tenantOf(call), ids.get(call.name) ?? '');
}

/** Every message of the records topic, partition by partition, in offset order. */
async function allMessages(): Promise<{ key: string; timestamp: number; tombstone: boolean }[]> {
  const messages: { key: string; timestamp: number; tombstone: boolean }[] = [];
  await readPartitions(kafka, recordsTopic, {
    onMessage: (m) =>
      messages.push({
        key: m.key?.toString() ?? '',
        timestamp: Number(m.timestamp),
        tombstone: m.value === null,
      }),
  });
  return messages;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fetcher-retention-'));
  simulator = createSimulator({ caFile: join(dir, 'ca.pem'), httpPort: 0 });
  started = await simulator.start();
  const brokers = getTestEnv().kafkaBrokers;
  kafka = testKafka(brokers);
  fetcher = await startInProcessFetcher(
    fetcherEnv(endpointsOf(started, join(dir, 'ca.pem')), {
      brokers,
      prefix,
      extra: {
        // A third tenant keeps 60 days: the topic's time-based deletion (the longest retention) then
        // cannot take the 40-day-old call before the sweep (with 30 days, the broker's retention check,
        // every 5 min, could delete its segment while the test waits for it).
        PRIVACY_RETENTION_DAYS: `30,${started.tenantId}=7,${KEEPS_60_DAYS}=60`,
        // The sweep at start finds an empty topic; the test runs the next one itself.
        FETCHER_RETENTION_SWEEP_MS: String(DAY_MS),
      },
    }),
  );
  // The sweep at start runs in the background: wait for it (and one more), so that the test's own
  // sweep below is the first to see the records.
  await fetcher.app.get(TopicRetentionService).sweep();
  for (const call of CALLS) {
    const end = new Date(Date.parse(call.start) + 60_000).toISOString();
    const record = aCallRecord({
      id: ids.get(call.name) ?? '',
      startDateTime: call.start,
      endDateTime: end,
    });
    simulator.seedCallRecord(record, tenantOf(call));
  }
  await notify(
    kafka,
    prefixedTopic(TOPICS.notifications, prefix).name,
    CALLS.map((call) => ({ tenantId: tenantOf(call), callRecordId: ids.get(call.name) ?? '' })),
  );
  await waitFor(
    async () => {
      const keys = new Set((await allMessages()).map((m) => m.key));
      return CALLS.every((call) => keys.has(keyOf(call)));
    },
    { timeoutMs: 60_000, description: 'the four records in the records topic' },
  );
}, 120_000);

afterAll(async () => {
  await fetcher?.close();
  await simulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('retention of the topics of calls (real Kafka)', () => {
  it('dates every record by its call’s start', async () => {
    const messages = await allMessages();

    expect(CALLS.map((call) => messages.find((m) => m.key === keyOf(call))?.timestamp)).toEqual(
      CALLS.map((call) => Date.parse(call.start)),
    );
  });

  it('deletes the records topic by time after the longest tenant retention (60 days), still compacted', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const described = await admin
      .describeConfigs({
        includeSynonyms: false,
        // 2: kafkajs' ConfigResourceTypes.TOPIC (kafkajs itself is imported by libs/kafka only).
        resources: [
          { type: 2, name: recordsTopic, configNames: ['cleanup.policy', 'retention.ms'] },
        ],
      })
      .finally(() => admin.disconnect());
    const configs = Object.fromEntries(
      described.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]) ?? [],
    );

    expect(configs).toEqual({
      'cleanup.policy': 'compact,delete',
      'retention.ms': String(60 * DAY_MS),
    });
  });

  it('tombstones the calls past their own tenant’s retention, and a replay returns only the others', async () => {
    const sweeper = fetcher.app.get(TopicRetentionService);

    const [records] = await sweeper.sweep();
    const messages = await allMessages();
    const replayed = await readTopicSnapshot(kafka, recordsTopic);

    expect(records).toMatchObject({ topic: recordsTopic, tombstoned: 2, complete: true });
    // The latest message of each key, as compaction keeps it.
    const latest = new Map(messages.map((m) => [m.key, m.tombstone]));
    expect(CALLS.map((call) => [call.name, latest.get(keyOf(call))])).toEqual([
      ['short, 10 days old', true],
      ['short, 1 day old', false],
      ['long, 10 days old', false],
      ['long, 40 days old', true],
    ]);
    expect([...replayed.keys()].sort()).toEqual(
      [keyOf(CALLS[1] as Call), keyOf(CALLS[2] as Call)].sort(),
    );
  });

  it('sends no second tombstone for a key already deleted (idempotent)', async () => {
    const sweeper = fetcher.app.get(TopicRetentionService);

    const results = await sweeper.sweep();

    expect(results.map((r) => r.tombstoned)).toEqual([0, 0, 0]);
  });
});
