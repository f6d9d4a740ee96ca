// The whole pipeline as `npm start` runs it: five services from source, each its own process, on real
// Kafka and OpenSearch, fed by the Graph simulator's webhooks, read back through GraphQL.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import { getTestEnv, uniqueName, waitFor } from '@callrecords/testing';

import { startPipeline } from './src/service-process';
import type { ServiceProcess } from './src/service-process';

const RECORDS = 12;

interface GraphQlReply<T> {
  readonly data?: T;
  readonly errors?: readonly { message: string }[];
}

function jsonInit(body: unknown): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

// A failure names what every service logged last: the cause is usually in one of them.
async function withLogs<T>(services: readonly ServiceProcess[], run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const logs = services.map((s) => `--- ${s.name}\n${s.logs().slice(-15).join('\n')}`);
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n${logs.join('\n')}`,
    );
  }
}

describe('pipeline end to end', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let graphToken: string;
  let caFile: string;
  const sim = {
    call: (path: string, init?: RequestInit): Promise<Response> =>
      fetch(`${started.httpUrl}${path}`, init),
    graph: (path: string): Promise<Response> =>
      fetch(`${started.httpUrl}${path}`, { headers: { authorization: `Bearer ${graphToken}` } }),
  };
  const services: ServiceProcess[] = [];
  let token: string;
  let generated: { ids: string[]; updatedIds: string[] };

  async function query<T>(source: string, variables: Record<string, unknown> = {}): Promise<T> {
    const gateway = services.find((s) => s.name === 'gateway');
    const response = await fetch(`${gateway?.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: source, variables }),
    });
    const body = (await response.json()) as GraphQlReply<T>;
    if (body.errors?.length || !body.data) {
      throw new Error(`graphql: ${JSON.stringify(body.errors)}`);
    }
    return body.data;
  }

  beforeAll(async () => {
    caFile = join(mkdtempSync(join(tmpdir(), 'callrecords-e2e-')), 'ca.pem');
    simulator = createSimulator({ httpPort: 0, caFile });
    started = await simulator.start();
    const env = getTestEnv();
    const tenantId = started.tenantId;
    const common = {
      KAFKA_BROKERS: env.kafkaBrokers.join(','),
      OPENSEARCH_URL: env.openSearchUrl,
      KAFKA_TOPIC_PREFIX: `${uniqueName('e2e')}.`,
      OPENSEARCH_INDEX_PREFIX: `${uniqueName('e2e')}-`,
      LOG_LEVEL: 'info',
    };
    const graph = {
      GRAPH_TENANT_IDS: tenantId,
      GRAPH_CLIENT_ID: started.clientId,
      GRAPH_CLIENT_SECRET: started.clientSecret,
      GRAPH_AUTHORITY_HOST: started.graphUrl,
      GRAPH_BASE_URL: started.graphUrl,
      GRAPH_CA_FILE: caFile,
    };
    await startPipeline(
      { common, graph, authIssuer: `${started.authorityUrl}/v2.0`, caFile },
      services,
    );
    await withLogs(services, () =>
      waitFor(
        async () => {
          const subs = (await (await sim.call('/_sim/subscriptions')).json()) as {
            value: unknown[];
          };
          return subs.value.length > 0;
        },
        { timeoutMs: 30_000, description: 'a subscription from ingestion' },
      ),
    );
    const graphTokenResponse = await sim.call(`/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: started.clientId,
        client_secret: started.clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    graphToken = ((await graphTokenResponse.json()) as { access_token: string }).access_token;
    const tokenResponse = await sim.call('/_sim/tokens', jsonInit({ tenantId }));
    token = ((await tokenResponse.json()) as { accessToken: string }).accessToken;
    const response = await sim.call(
      '/_sim/generate',
      jsonInit({ count: RECORDS, seed: 7, ratePerSecond: 20, withUpdates: true }),
    );
    generated = (await response.json()) as { ids: string[]; updatedIds: string[] };
  }, 240_000);

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await simulator.stop();
  }, 60_000);

  async function truthOf(id: string): Promise<{ id: string; version: number }> {
    const response = await sim.graph(
      `/v1.0/communications/callRecords/${id}?$expand=sessions($expand=segments)`,
    );
    if (!response.ok) {
      throw new Error(`simulator ${response.status} for ${id}: ${await response.text()}`);
    }
    return (await response.json()) as { id: string; version: number };
  }

  it('indexes every record the simulator notified, at its latest version', async () => {
    let seen = '';

    const items = await waitFor(
      async () => {
        // The simulator makes records readable (and updates them) over time, as Graph does.
        const truth = await Promise.all(generated.ids.map(truthOf));
        const data = await query<{
          callRecords: { totalCount: number; items: { id: string; version: number }[] };
        }>('query($n: Int) { callRecords(first: $n) { totalCount items { id version } } }', {
          n: 100,
        });
        const versions = new Map(data.callRecords.items.map((item) => [item.id, item.version]));
        seen = JSON.stringify({
          total: data.callRecords.totalCount,
          truth: truth.map((r) => [r.id.slice(0, 8), r.version, versions.get(r.id)]),
        });
        const complete = truth.every((record) => versions.get(record.id) === record.version);
        return complete && data.callRecords.totalCount === RECORDS
          ? data.callRecords.items
          : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000, description: `${RECORDS} records` },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; last seen ${seen}`);
    });

    expect(items.map((item) => item.id).sort()).toEqual(generated.ids.slice().sort());
  }, 150_000);

  it('returns an updated record exactly as Graph holds it', async () => {
    const id = generated.updatedIds[0] ?? generated.ids[0] ?? '';

    const [stored, truth] = await waitFor(
      async () => {
        const graphTruth = await truthOf(id);
        const data = await query<{ callRecord: { graphRecord: { version: number } | null } }>(
          'query($id: ID!) { callRecord(id: $id) { graphRecord } }',
          { id },
        );
        const record = data.callRecord.graphRecord;
        return record?.version === graphTruth.version ? [record, graphTruth] : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, description: 'the latest version through GraphQL' },
    );

    // The fetcher also follows participants_v2, which the plain GET leaves out; the rest is Graph's.
    const { ['@odata.context']: _context, ...graphFields } = truth as Record<string, unknown>;
    expect(stored).toMatchObject(graphFields);
  }, 90_000);

  it('rolls every call up into the hourly usage series', async () => {
    const from = new Date(Date.now() - 40 * 86_400_000).toISOString();
    const to = new Date(Date.now() + 86_400_000).toISOString();

    const calls = await waitFor(
      async () => {
        const data = await query<{ usageSeries: { calls: number }[] }>(
          'query($from: String!, $to: String!) { usageSeries(interval: HOUR, from: $from, to: $to) { calls } }',
          { from, to },
        );
        const total = data.usageSeries.reduce((sum, point) => sum + point.calls, 0);
        return total === RECORDS ? total : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, description: 'rollups of every call' },
    );

    expect(calls).toBe(RECORDS);
  }, 90_000);

  // A healthy run (topics created while consumers join, leaders moving, transactions retried) logs
  // what it retries at warn or below: an error line is a real fault a newcomer must read as one.
  it('logs no error line while the pipeline runs healthy', () => {
    const errors = services.flatMap((service) =>
      service.errorLines().map((line) => `${service.name}: ${line}`),
    );

    expect(errors).toEqual([]);
  });
});
