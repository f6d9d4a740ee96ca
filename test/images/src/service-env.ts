import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { getTestEnv, uniqueName } from '@callrecords/testing';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** The deployables, one image and one bundle each (deploy/docker/Containerfile targets). */
export const SERVICES = ['ingestion', 'fetcher', 'indexer', 'aggregator', 'gateway'] as const;
export type Service = (typeof SERVICES)[number];

export const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

// Graph and Entra ID on a closed local port: nothing leaves the machine, and /health/live needs neither.
const NO_GRAPH = 'https://127.0.0.1:9';

/**
 * A complete configuration of `service` from the environment: the test stack's Kafka and
 * OpenSearch under a unique prefix, a placeholder Graph app, and the service's port.
 */
export function serviceEnv(service: Service, port: number): Record<string, string> {
  const env = getTestEnv();
  const prefix = `${uniqueName(`img-${service}`)}-`;
  return {
    KAFKA_BROKERS: env.kafkaBrokers.join(','),
    OPENSEARCH_URL: env.openSearchUrl,
    KAFKA_TOPIC_PREFIX: prefix,
    OPENSEARCH_INDEX_PREFIX: prefix,
    GRAPH_TENANT_IDS: '00000000-0000-4000-8000-000000000001',
    GRAPH_CLIENT_ID: '00000000-0000-4000-8000-0000000000c1',
    GRAPH_CLIENT_SECRET: 'image-test-placeholder',
    GRAPH_AUTHORITY_HOST: NO_GRAPH,
    GRAPH_BASE_URL: NO_GRAPH,
    INGESTION_PUBLIC_URL: `http://127.0.0.1:${port}`,
    [`${service.toUpperCase()}_PORT`]: String(port),
  };
}

/** Polls `url` until it answers 200 (a refused connection counts as not yet). */
export async function answers(url: string): Promise<boolean> {
  const response = await fetch(url).catch(() => undefined);
  return response?.status === 200;
}
