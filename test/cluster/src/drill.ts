import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { K8S_LOCAL, kubectlOk, run } from './cluster';

/** What the drill needs of a started Graph simulator (SimulatorAddresses has these). */
export interface SimulatorAddresses {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly caPem: string;
  readonly graphUrl: string;
  readonly authorityHost: string;
  readonly authorityUrl: string;
}

const STATE = process.env['CALLRECORDS_K8S_STATE'] ?? '/var/tmp/callrecords-k8s';

// The gateway's app id: the simulator's user tokens carry it as `aud` unless told otherwise.
const GATEWAY_AUDIENCE = '00000000-0000-4000-8000-0000000000a1';

/** The node's address (up.sh wrote it): pods reach the host's services there. */
export function nodeAddress(): string {
  return readFileSync(join(STATE, 'node-ip'), 'utf8').trim();
}

/** Kafka and OpenSearch the pods can reach: deploy/k8s-local/services.sh. */
export async function startServicesForPods(): Promise<{
  kafkaBrokers: string[];
  opensearchUrl: string;
}> {
  const up = await run('bash', [join(K8S_LOCAL, 'services.sh'), 'up'], { timeoutMs: 300_000 });
  if (up.code !== 0) {
    throw new Error(`services.sh up exited ${up.code}: ${up.stderr.trim()}`);
  }
  return JSON.parse(up.stdout) as { kafkaBrokers: string[]; opensearchUrl: string };
}

/** The Secrets a release names by reference: Graph's client secret and CA, the cursor key, a token. */
export async function createSecrets(
  namespace: string,
  simulator: SimulatorAddresses,
  userToken: string,
): Promise<void> {
  const secrets: Record<string, Record<string, string>> = {
    'drill-graph': { 'client-secret': simulator.clientSecret },
    'drill-graph-ca': { 'ca.crt': simulator.caPem },
    'drill-gateway': { 'cursor-secret': randomBytes(32).toString('hex') },
    'drill-token': { token: userToken },
  };
  const items = Object.entries(secrets).map(([name, stringData]) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace },
    type: 'Opaque',
    stringData,
  }));
  await kubectlOk(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
}

/**
 * A values file for the drill: the chart's production shape (KEDA ScaledObjects, ServiceMonitors,
 * a `helm test` token) with one replica per Deployment (two cores), pointing at the host's Kafka,
 * OpenSearch and Graph simulator, and ingestion's public URL at the host's forwarder to its Service.
 */
export function drillValuesFile(input: {
  kafkaBrokers: readonly string[];
  opensearchUrl: string;
  simulator: SimulatorAddresses;
  webhookUrl: string;
}): string {
  const { simulator } = input;
  const keda = { enabled: true, partitions: 12, minReplicaCount: 1, maxReplicaCount: 2 };
  const values = {
    logLevel: 'info',
    image: { pullPolicy: 'Never' },
    kafka: { brokers: input.kafkaBrokers.join(',') },
    opensearch: { url: input.opensearchUrl },
    graph: {
      tenantIds: simulator.tenantId,
      clientId: simulator.clientId,
      authorityHost: simulator.authorityHost,
      baseUrl: simulator.graphUrl,
      existingSecret: 'drill-graph',
      caSecret: { name: 'drill-graph-ca', key: 'ca.crt' },
    },
    metrics: { serviceMonitor: { enabled: true } },
    tests: { graphqlToken: { existingSecret: 'drill-token', key: 'token' } },
    ingestion: { replicaCount: 1, publicUrl: input.webhookUrl },
    fetcher: { keda },
    indexer: { keda },
    aggregator: { keda },
    gateway: {
      replicaCount: 1,
      auth: {
        issuer: `${simulator.authorityUrl}/v2.0`,
        audience: GATEWAY_AUDIENCE,
        caSecret: { name: 'drill-graph-ca', key: 'ca.crt' },
      },
      cursorSecret: { existingSecret: 'drill-gateway', key: 'cursor-secret' },
    },
  };
  const file = join(mkdtempSync(join(tmpdir(), 'callrecords-drill-')), 'values.json');
  writeFileSync(file, JSON.stringify(values, null, 2));
  return file;
}

interface GraphQlReply<T> {
  readonly data?: T;
  readonly errors?: readonly { message: string }[];
}

/**
 * What the gateway holds, asked through its Service (its cluster IP, reached from the host): the
 * record ids and the calls of the hourly rollups, summed.
 */
export async function whatTheGatewayHolds(
  url: string,
  token: string,
): Promise<{ ids: string[]; total: number; rolledUp: number }> {
  const from = new Date(Date.now() - 40 * 86_400_000).toISOString();
  const to = new Date(Date.now() + 86_400_000).toISOString();
  const query =
    'query($from: String!, $to: String!) { callRecords(first: 100) { totalCount items { id } } usageSeries(interval: HOUR, from: $from, to: $to) { calls } }';
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { from, to } }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as GraphQlReply<{
    callRecords: { totalCount: number; items: { id: string }[] };
    usageSeries: { calls: number }[];
  }>;
  const data = body.data;
  if (body.errors?.length || !data) {
    throw new Error(`graphql: ${JSON.stringify(body.errors)}`);
  }
  return {
    ids: data.callRecords.items.map((item) => item.id).sort(),
    total: data.callRecords.totalCount,
    rolledUp: data.usageSeries.reduce((sum, point) => sum + point.calls, 0),
  };
}
