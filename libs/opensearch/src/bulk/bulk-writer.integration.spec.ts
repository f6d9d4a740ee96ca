// Real OpenSearch behind the BulkWriter: each add resolves only once its bulk is durable, whichever
// limit (count, size, delay) cut the bulk.
import { afterAll, describe, expect, it } from '@jest/globals';

import { Registry } from '@callrecords/service-kit';
import { getTestEnv, uniqueIndex } from '@callrecords/testing';

import { serializeVersionedDocument } from './bulk-upsert';
import type { VersionedDocument } from './bulk-upsert';
import { createBulkWriter } from './bulk-writer';
import type { BulkWriter } from './bulk-writer';
import { createOpenSearchClient } from '../client';

const client = createOpenSearchClient(
  { OPENSEARCH_URL: getTestEnv().openSearchUrl, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  { readFile: () => '' },
);
const created: string[] = [];
const writers: BulkWriter[] = [];

async function freshIndex(base: string): Promise<string> {
  const index = uniqueIndex(base);
  created.push(index);
  await client.indices.create({
    index,
    body: {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: { dynamic: 'strict', properties: { id: { type: 'keyword' } } },
    },
  });
  return index;
}

function writerFor(options: Parameters<typeof createBulkWriter>[1]): BulkWriter {
  const writer = createBulkWriter(client, { refresh: true, ...options });
  writers.push(writer);
  return writer;
}

function docs(index: string, count: number): VersionedDocument[] {
  return Array.from({ length: count }, (_, n) => ({
    index,
    id: `d${n}`,
    version: 1,
    document: { id: `d${n}` },
  }));
}

async function countIn(index: string): Promise<number> {
  const response = await client.count({ index });
  return response.body.count;
}

async function bulkCount(registry: Registry): Promise<number> {
  const metric = await registry
    .getSingleMetric('callrecords_opensearch_bulk_duration_seconds')
    ?.get();
  const count = metric?.values.find(
    (v) =>
      'metricName' in v && v.metricName === 'callrecords_opensearch_bulk_duration_seconds_count',
  );
  return count?.value ?? 0;
}

describe('BulkWriter against OpenSearch', () => {
  afterAll(async () => {
    await Promise.all(writers.map((writer) => writer.close()));
    await Promise.all(created.map((index) => client.indices.delete({ index })));
    await client.close();
  });

  it('writes a full batch as soon as maxDocs is reached', async () => {
    const index = await freshIndex('writer-count');
    const registry = new Registry();
    const writer = writerFor({ maxDocs: 5, maxDelayMs: 600_000, registry });

    const results = await Promise.all(docs(index, 10).map((doc) => writer.add(doc)));

    expect(results.every((result) => result.status === 'written')).toBe(true);
    expect(await countIn(index)).toBe(10);
    expect(await bulkCount(registry)).toBe(2);
  });

  it('cuts bulks by size', async () => {
    const index = await freshIndex('writer-size');
    const registry = new Registry();
    const batch = docs(index, 6);
    const twoDocs = batch.slice(0, 2).reduce((n, d) => n + serializeVersionedDocument(d).bytes, 0);
    const writer = writerFor({ maxBytes: twoDocs, maxDelayMs: 600_000, registry });

    const results = await Promise.all(batch.map((doc) => writer.add(doc)));

    expect(results.map((result) => result.status)).toEqual(Array(6).fill('written'));
    expect(await countIn(index)).toBe(6);
    expect(await bulkCount(registry)).toBe(3);
  });

  it('writes a partial batch after maxDelayMs without a flush', async () => {
    const index = await freshIndex('writer-time');
    const writer = writerFor({ maxDocs: 1_000, maxDelayMs: 50 });

    const result = await writer.add(docs(index, 1)[0]!);

    expect(result.status).toBe('written');
    expect(await countIn(index)).toBe(1);
  });

  it('writes what is buffered on close', async () => {
    const index = await freshIndex('writer-close');
    const writer = writerFor({ maxDocs: 1_000, maxDelayMs: 600_000 });
    const pending = docs(index, 3).map((doc) => writer.add(doc));

    await writer.close();

    await expect(Promise.all(pending)).resolves.toHaveLength(3);
    expect(await countIn(index)).toBe(3);
  });
});
