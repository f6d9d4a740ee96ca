// Real OpenSearch: external versioning keeps duplicates and out-of-order records from regressing a
// document, and one bad document does not sink its bulk.
import { afterAll, describe, expect, it } from '@jest/globals';

import { RetryableError } from '@callrecords/contracts';
import { getTestEnv, uniqueIndex } from '@callrecords/testing';

import { bulkUpsertVersioned } from './bulk-upsert';
import type { VersionedDocument } from './bulk-upsert';
import { createOpenSearchClient } from '../client';

const noFiles = { readFile: (): string => '' };
const client = createOpenSearchClient(
  { OPENSEARCH_URL: getTestEnv().openSearchUrl, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  noFiles,
);
const created: string[] = [];

async function strictIndex(base: string): Promise<string> {
  const index = uniqueIndex(base);
  created.push(index);
  await client.indices.create({
    index,
    body: {
      settings: { number_of_shards: 1, number_of_replicas: 0 },
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'keyword' },
          label: { type: 'keyword' },
          seconds: { type: 'integer' },
        },
      },
    },
  });
  return index;
}

function version(index: string, id: string, v: number): VersionedDocument {
  return { index, id, version: v, document: { id, label: `v${v}` } };
}

async function stored(index: string, id: string): Promise<{ version: number; label: unknown }> {
  const response = await client.get({ index, id });
  const source = response.body._source as { label?: unknown } | undefined;
  return { version: Number(response.body._version), label: source?.label };
}

describe(bulkUpsertVersioned.name, () => {
  afterAll(async () => {
    await Promise.all(created.map((index) => client.indices.delete({ index })));
    await client.close();
  });

  it('writes new documents with their external version', async () => {
    const index = await strictIndex('bulk-new');

    const results = await bulkUpsertVersioned(client, [
      version(index, 'a', 3),
      version(index, 'b', 1),
    ]);

    expect(results).toEqual([
      { id: 'a', index, status: 'written' },
      { id: 'b', index, status: 'written' },
    ]);
    await expect(stored(index, 'a')).resolves.toEqual({ version: 3, label: 'v3' });
  });

  it.each([
    ['a lower version', 4],
    ['the same version (a redelivered duplicate)', 5],
  ])('reports %s as stale and keeps the stored document', async (_name, older) => {
    const index = await strictIndex('bulk-stale');
    await bulkUpsertVersioned(client, [version(index, 'a', 5)]);

    const results = await bulkUpsertVersioned(client, [
      { ...version(index, 'a', older), document: { id: 'a', label: 'late' } },
    ]);

    expect(results).toEqual([{ id: 'a', index, status: 'stale' }]);
    await expect(stored(index, 'a')).resolves.toEqual({ version: 5, label: 'v5' });
  });

  it('replaces the document with a higher version', async () => {
    const index = await strictIndex('bulk-newer');
    await bulkUpsertVersioned(client, [version(index, 'a', 5)]);

    const results = await bulkUpsertVersioned(client, [version(index, 'a', 6)]);

    expect(results[0]?.status).toBe('written');
    await expect(stored(index, 'a')).resolves.toEqual({ version: 6, label: 'v6' });
  });

  it('ends an out-of-order batch at the highest version', async () => {
    const index = await strictIndex('bulk-order');

    const results = await bulkUpsertVersioned(
      client,
      [2, 5, 3, 1, 5].map((v) => version(index, 'a', v)),
    );

    expect(results.map((r) => r.status)).toEqual(['written', 'written', 'stale', 'stale', 'stale']);
    await expect(stored(index, 'a')).resolves.toEqual({ version: 5, label: 'v5' });
  });

  it('reports poison documents one by one and writes the others', async () => {
    const index = await strictIndex('bulk-poison');

    const results = await bulkUpsertVersioned(client, [
      version(index, 'good-1', 1),
      { index, id: 'unknown-field', version: 1, document: { id: 'x', surprise: true } },
      { index, id: 'wrong-type', version: 1, document: { id: 'y', seconds: 'Alice Example' } },
      version(index, 'good-2', 1),
    ]);

    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['good-1', 'written'],
      ['unknown-field', 'poison'],
      ['wrong-type', 'poison'],
      ['good-2', 'written'],
    ]);
    expect(results[1]?.reason).toBe('strict_dynamic_mapping_exception: field [surprise]');
    expect(results[2]?.reason).toBe('mapper_parsing_exception: field [seconds]');
    expect(results[2]?.reason).not.toContain('Alice');
  });

  it('routes documents and makes them searchable with refresh wait_for', async () => {
    const index = await strictIndex('bulk-routing');

    await bulkUpsertVersioned(client, [{ ...version(index, 'a', 1), routing: 'tenant-1' }], {
      refresh: 'wait_for',
    });
    const search = await client.search({ index, body: { query: { term: { id: 'a' } } } });
    const routed = await client.get({ index, id: 'a', routing: 'tenant-1' });

    expect(search.body.hits.hits.map((hit) => hit._routing)).toEqual(['tenant-1']);
    expect(routed.body.found).toBe(true);
  });

  it('sends nothing for no documents', async () => {
    const results = await bulkUpsertVersioned(client, []);

    expect(results).toEqual([]);
  });

  it('throws a RetryableError when OpenSearch cannot be reached', async () => {
    const unreachable = createOpenSearchClient(
      { OPENSEARCH_URL: 'http://127.0.0.1:1', OPENSEARCH_REQUEST_TIMEOUT_MS: 2_000 },
      noFiles,
    );

    const write = bulkUpsertVersioned(unreachable, [version('any', 'a', 1)]);

    await expect(write).rejects.toBeInstanceOf(RetryableError);
    await unreachable.close();
  });
});
