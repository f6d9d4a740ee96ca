// `npm start` twice in a row (issue #19): the stack keeps its data (Kafka keeps the subscriptions
// topic) while the Graph simulator starts empty, as a tenant whose subscription was deleted would.
// Ingestion must notice (reconcile with Graph) and records created afterwards must be fetched.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { prefixedTopic, TOPICS } from '@callrecords/contracts';
import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { createKafkaClient, kafkaConfigSchema, readTopicSnapshot } from '@callrecords/kafka';
import { createLogger, loadConfig } from '@callrecords/service-kit';
import { freePort, getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import { startServiceProcess } from './src/service-process';
import type { ServiceProcess } from './src/service-process';

const RECORDS = 6;
// What a user sees: records flowing within two minutes of the second start.
const FLOWING_WITHIN_MS = 120_000;

interface Run {
  readonly simulator: Simulator;
  readonly started: StartedSimulator;
  readonly services: ServiceProcess[];
}

describe('npm start twice (stack data kept, simulator empty)', () => {
  const env = getTestEnv();
  const prefix = `${uniqueName('e2e-restart')}.`;
  const caFile = join(mkdtempSync(join(tmpdir(), 'callrecords-e2e-restart-')), 'ca.pem');
  const kafkaConfig = loadConfig(kafkaConfigSchema, {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
  });
  const kafka = createKafkaClient(kafkaConfig, {
    service: 'e2e',
    logger: createLogger({ service: 'e2e', version: '0', level: 'silent' }),
  });
  const ports = { simulator: 0, ingestion: 0, fetcher: 0 };
  let run: Run | undefined;

  // Fixed ports and one CA path, as `npm start` has: the second start is configured like the first.
  async function start(): Promise<Run> {
    const simulator = createSimulator({ port: ports.simulator, httpPort: 0, caFile });
    const started = await simulator.start();
    const common = {
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'info',
      GRAPH_TENANT_IDS: started.tenantId,
      GRAPH_CLIENT_ID: started.clientId,
      GRAPH_CLIENT_SECRET: started.clientSecret,
      GRAPH_AUTHORITY_HOST: started.graphUrl,
      GRAPH_BASE_URL: started.graphUrl,
      GRAPH_CA_FILE: caFile,
    };
    const services = [
      await startServiceProcess('fetcher', common, { port: ports.fetcher }),
      await startServiceProcess(
        'ingestion',
        { ...common, INGESTION_PUBLIC_URL: `http://127.0.0.1:${ports.ingestion}` },
        { port: ports.ingestion },
      ),
    ];
    return { simulator, started, services };
  }

  async function stop(current: Run): Promise<void> {
    await Promise.all(current.services.map((service) => service.stop()));
    await current.simulator.stop();
  }

  async function control(current: Run, path: string, init?: RequestInit): Promise<unknown> {
    const response = await fetch(`${current.started.httpUrl}/_sim${path}`, init);
    return response.json();
  }

  // Ingestion counts a create once it is recorded: notifications it receives from then on are trusted.
  async function ingestionRecordedACreate(current: Run): Promise<boolean> {
    const ingestion = current.services.find((service) => service.name === 'ingestion');
    const metrics = await (await fetch(`${ingestion?.url}/metrics`)).text();
    return /^callrecords_ingestion_subscription_renewals_total\{[^}]*outcome="created"[^}]*\} [1-9]/m.test(
      metrics,
    );
  }

  // As the demo does: notifications reach only existing subscriptions, so wait for one, then generate.
  async function generate(current: Run, seed: number): Promise<string[]> {
    await waitFor(
      async () => {
        const body = (await control(current, '/subscriptions')) as { value: unknown[] };
        return body.value.length > 0 && (await ingestionRecordedACreate(current));
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'a subscription in the simulator' },
    );
    const body = (await control(current, '/generate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: RECORDS, seed, ratePerSecond: 20, withUpdates: false }),
    })) as { ids: string[] };
    return body.ids;
  }

  async function fetchedIds(): Promise<Set<string>> {
    const topic = prefixedTopic(TOPICS.records, prefix).name;
    const records = await readTopicSnapshot(kafka, topic);
    return new Set([...records.keys()].map((key) => key.slice(key.indexOf(':') + 1)));
  }

  async function waitFetched(ids: readonly string[], timeoutMs: number): Promise<void> {
    const logs = (): string =>
      (run?.services ?? [])
        .map((s) => `--- ${s.name}\n${s.logs().slice(-15).join('\n')}`)
        .join('\n');
    await waitFor(
      async () => {
        const fetched = await fetchedIds();
        return ids.every((id) => fetched.has(id));
      },
      { timeoutMs, intervalMs: 1_000, description: `${ids.length} records fetched` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${logs()}`);
    });
  }

  beforeAll(async () => {
    ports.simulator = await freePort();
    ports.ingestion = await freePort();
    ports.fetcher = await freePort();
    // The first `npm start`: records flow; then Ctrl-C.
    run = await start();
    await waitFetched(await generate(run, 1), FLOWING_WITHIN_MS);
    await stop(run);
    run = undefined;
  }, 240_000);

  afterAll(async () => {
    if (run) {
      await stop(run);
    }
  }, 60_000);

  it('fetches the records created after the second start within two minutes', async () => {
    const restartedAt = Date.now();
    run = await start();

    const ids = await generate(run, 2);
    await waitFetched(ids, FLOWING_WITHIN_MS - (Date.now() - restartedAt));

    const fetched = await fetchedIds();
    expect(ids.filter((id) => !fetched.has(id))).toEqual([]);
  }, 240_000);
});
