// Real OpenSearch: compare-and-set writes, create-only writes and realtime multi-gets by alias.
import { afterAll, describe, expect, it } from '@jest/globals';

import { getTestEnv, uniqueIndex } from '@callrecords/testing';

import { createOpenSearchClient } from './client';
import { bulkWrite, deleteMatching, ensureIndex, getDocuments } from './documents';

const client = createOpenSearchClient(
  { OPENSEARCH_URL: getTestEnv().openSearchUrl, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  { readFile: (): string => '' },
);
const created: string[] = [];

async function anIndex(): Promise<{ index: string; alias: string }> {
  const index = uniqueIndex('documents');
  const alias = `${index}-alias`;
  created.push(index);
  const body = {
    settings: { number_of_shards: 2, number_of_replicas: 0 },
    aliases: { [alias]: { is_write_index: true } },
    mappings: { dynamic: 'strict', properties: { n: { type: 'long' } } },
  };
  await ensureIndex(client, { index, body, alias });
  return { index, alias };
}

afterAll(async () => {
  await client.indices.delete({ index: created.join(',') }).catch(() => undefined);
  await client.close();
});

describe(getDocuments.name, () => {
  it('reads through an alias in input order, before any refresh, with write positions', async () => {
    const { alias } = await anIndex();
    await bulkWrite(client, [{ action: 'create', index: alias, id: 'a', document: { n: 1 } }]);

    const [missing, found] = await getDocuments(client, [
      { index: alias, id: 'b' },
      { index: alias, id: 'a' },
    ]);

    expect(missing).toBeUndefined();
    expect(found).toMatchObject({ id: 'a', source: { n: 1 }, seqNo: expect.any(Number) });
  });

  it('writes over the version read, and reports a concurrent change as stale', async () => {
    const { alias } = await anIndex();
    await bulkWrite(client, [{ action: 'create', index: alias, id: 'a', document: { n: 1 } }]);
    const [read] = await getDocuments(client, [{ index: alias, id: 'a' }]);
    const over = { ifSeqNo: read?.seqNo, ifPrimaryTerm: read?.primaryTerm };

    const first = await bulkWrite(client, [
      { action: 'index', index: alias, id: 'a', document: { n: 2 }, ...over },
    ]);
    const second = await bulkWrite(client, [
      { action: 'index', index: alias, id: 'a', document: { n: 3 }, ...over },
      { action: 'create', index: alias, id: 'a', document: { n: 4 } },
    ]);
    const [stored] = await getDocuments(client, [{ index: alias, id: 'a' }]);

    expect(first.map((r) => r.status)).toEqual(['written']);
    expect(second.map((r) => r.status)).toEqual(['stale', 'stale']);
    expect(stored?.source).toEqual({ n: 2 });
    // A written item reports the position the next compare-and-set goes over.
    expect([first[0]?.seqNo, first[0]?.primaryTerm]).toEqual([stored?.seqNo, stored?.primaryTerm]);
  });

  it('adds a new field to an existing index when ensured again (additive mapping)', async () => {
    const { index, alias } = await anIndex();
    const body = {
      mappings: { properties: { n: { type: 'long' }, extra: { type: 'object', enabled: false } } },
    };

    await ensureIndex(client, { index, body, alias });
    const result = await bulkWrite(client, [
      { action: 'create', index: alias, id: 'x', document: { n: 1, extra: { any: 'thing' } } },
    ]);

    expect(result.map((r) => r.status)).toEqual(['written']);
  });
});

describe(deleteMatching.name, () => {
  it('deletes only the matching documents and counts them', async () => {
    const { alias } = await anIndex();
    await bulkWrite(
      client,
      [1, 2, 3].map((n) => ({ action: 'create', index: alias, id: `d${n}`, document: { n } })),
      { refresh: true },
    );

    const deleted = await deleteMatching(client, {
      index: alias,
      query: { range: { n: { lt: 3 } } },
    });
    const left = await getDocuments(
      client,
      [1, 2, 3].map((n) => ({ index: alias, id: `d${n}` })),
    );

    expect(deleted).toBe(2);
    expect(left.map((d) => d?.id)).toEqual([undefined, undefined, 'd3']);
  });
});
