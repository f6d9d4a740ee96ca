// Accepted notifications per second through POST /webhooks/call-records (validate, check clientState,
// publish with acks=-1, then 202) against a raw kafkajs producer sending the same encoded messages in
// the same batches at the same concurrency, in the same run, on the shared local Kafka.
//
//   node scripts/run-ts.mts services/ingestion/test/webhooks.bench.ts
//   BENCH_REQUESTS=2000 BENCH_BATCH=50 BENCH_CONCURRENCY=16 node scripts/run-ts.mts services/ingestion/test/webhooks.bench.ts
import { randomBytes, randomUUID } from 'node:crypto';

import { hashClientState } from '@callrecords/contracts';
import type { OutgoingMessage } from '@callrecords/kafka';
import { loadConfig } from '@callrecords/service-kit';
import { reportBenchResult, runBench } from '@callrecords/testing';

import type { RunningIngestion } from '../src/bootstrap';
import { ingestionConfigSchema } from '../src/config';
import type { IngestionConfig } from '../src/config';
import { notificationMessage } from '../src/notification-events';
import { boot, testKafka, uniqueName } from './harness';

const REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 2000);
const BATCH = Number(process.env['BENCH_BATCH'] ?? 50);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 16);
const TENANT = '00000000-0000-4000-8000-000000000001';
const SUBSCRIPTION = randomUUID();
const SECRET = randomBytes(32).toString('base64url');

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(label: string, send: (i: number) => Promise<void>): Promise<number> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t = performance.now();
        await send(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = (REQUESTS * BATCH) / seconds;
  latencies.sort((a, b) => a - b);
  out(
    `${label.padEnd(22)} ${rate.toFixed(0).padStart(8)} notifications/s  p50 ${percentile(latencies, 50).toFixed(1)} ms  p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
  return rate;
}

function body(i: number): string {
  const value = Array.from({ length: BATCH }, (_, j) => {
    const id = `${i}-${j}-${SUBSCRIPTION.slice(0, 8)}`;
    return {
      subscriptionId: SUBSCRIPTION,
      clientState: SECRET,
      tenantId: TENANT,
      changeType: 'updated',
      resource: `communications/callRecords/${id}`,
      resourceData: { id, '@odata.type': '#Microsoft.Graph.callRecord' },
    };
  });
  return JSON.stringify({ value });
}

async function startService(): Promise<{ ingestion: RunningIngestion; config: IngestionConfig }> {
  const config = loadConfig(ingestionConfigSchema, {
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    KAFKA_TOPIC_PREFIX: `${uniqueName('bench-ingestion')}.`,
    GRAPH_TENANT_IDS: TENANT,
    GRAPH_CLIENT_ID: 'unused-in-this-bench',
    GRAPH_CLIENT_SECRET: 'unused-in-this-bench',
    INGESTION_PORT: '0',
    INGESTION_SCHEDULER_INTERVAL_MS: '0',
    LOG_LEVEL: 'silent',
  });
  const ingestion = await boot(config);
  await ingestion.store.whenCaughtUp();
  await ingestion.manager.publish(TENANT, {
    subscriptionId: SUBSCRIPTION,
    change: 'created',
    expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
    resource: '/communications/callRecords',
    changeType: 'created,updated',
    notificationUrl: 'https://bench.invalid/webhooks/call-records',
    clientStateSha256: hashClientState(SECRET),
    changedAt: new Date().toISOString(),
  });
  return { ingestion, config };
}

// What ingestion produces for each request, produced directly by the baseline.
function rawBatches(topic: string): OutgoingMessage[][] {
  return Array.from({ length: REQUESTS }, (_, i) =>
    Array.from({ length: BATCH }, (_unused, j) =>
      notificationMessage(topic, TENANT, {
        source: 'webhook',
        callRecordId: `${i}-${j}`,
        resource: `communications/callRecords/${i}-${j}`,
        changeType: 'updated',
        receivedAt: new Date().toISOString(),
        subscriptionId: SUBSCRIPTION,
      }),
    ),
  );
}

async function main(): Promise<void> {
  const { ingestion, config } = await startService();
  const kafka = testKafka(config);
  const raw = kafka.producer({ idempotent: true, maxInFlightRequests: 5 });
  await raw.connect();
  const batches = rawBatches(ingestion.topics.notifications);
  const bodies = Array.from({ length: REQUESTS }, (_, i) => body(i));
  out(`requests ${REQUESTS} × ${BATCH} notifications, concurrency ${CONCURRENCY}`);
  const baseline = await measure('raw kafkajs producer', async (i) => {
    await raw.sendBatch({
      acks: -1,
      // CompressionTypes.ZSTD (4), as our producer: same work on the wire.
      compression: 4,
      topicMessages: [
        {
          topic: ingestion.topics.notifications,
          messages: (batches[i] ?? []).map((m) => ({
            key: m.key,
            value: m.value,
            headers: { ...m.headers },
          })),
        },
      ],
    });
  });
  const service = await measure('ingestion webhook', async (i) => {
    const response = await fetch(`${ingestion.url}/webhooks/call-records`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodies[i] ?? '',
    });
    if (response.status !== 202) {
      throw new Error(`status ${response.status}`);
    }
  });
  await raw.disconnect();
  await ingestion.close();
  report(service, baseline);
}

function report(service: number, baseline: number): void {
  out(`ratio ingestion / raw: ${((service / baseline) * 100).toFixed(0)} %`);
  reportBenchResult({
    stage: 'ingestion webhook',
    metric: 'notifications/s',
    service,
    baseline,
    ratio: service / baseline,
    goal: '≥ 0.8',
    met: service / baseline >= 0.8,
  });
}

runBench(main);
