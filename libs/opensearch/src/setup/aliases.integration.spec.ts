// Real OpenSearch: an alias moves from one index to another in a single `_aliases` call, so a reader
// querying the alias during a rebuild always finds exactly one index behind it.
import { afterAll, describe, expect, it } from '@jest/globals';

import { PermanentError } from '@callrecords/contracts';
import { getTestEnv, uniqueIndex } from '@callrecords/testing';

import { swapAliases } from './aliases';
import { bulkUpsertVersioned } from '../bulk/bulk-upsert';
import { createOpenSearchClient } from '../client';

const client = createOpenSearchClient(
  { OPENSEARCH_URL: getTestEnv().openSearchUrl, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  { readFile: () => '' },
);
const created: string[] = [];

/** Two indexes holding one document each, marked with the index's letter. */
async function twoIndexes(base: string): Promise<{ alias: string; a: string; b: string }> {
  const alias = uniqueIndex(base);
  const [a, b] = [`${alias}-a`, `${alias}-b`];
  created.push(a, b);
  for (const index of [a, b]) {
    await client.indices.create({
      index,
      body: { settings: { number_of_shards: 1, number_of_replicas: 0 } },
    });
  }
  await bulkUpsertVersioned(
    client,
    [a, b].map((index) => ({ index, id: 'doc', version: 1, document: { from: index.slice(-1) } })),
    { refresh: true },
  );
  return { alias, a, b };
}

async function holders(alias: string): Promise<string[]> {
  const response = await client.indices.getAlias({ name: alias });
  return Object.keys(response.body).sort();
}

/** Searches `alias` until `stop()` is true; returns what each search saw, or its error. */
async function readContinuously(alias: string, stop: () => boolean): Promise<string[]> {
  const seen: string[] = [];
  while (!stop()) {
    try {
      const response = await client.search({ index: alias, body: { query: { match_all: {} } } });
      seen.push(
        response.body.hits.hits
          .map((hit) => String((hit._source as { from?: string } | undefined)?.from))
          .join('+'),
      );
    } catch (error) {
      seen.push(`error: ${(error as Error).message}`);
    }
  }
  return seen;
}

describe(swapAliases.name, () => {
  afterAll(async () => {
    await Promise.all(created.map((index) => client.indices.delete({ index })));
    await client.close();
  });

  it('adds the alias when no index holds it yet', async () => {
    const { alias, a } = await twoIndexes('swap-first');

    const removedFrom = await swapAliases(client, { alias, to: a });

    expect(removedFrom).toEqual([]);
    expect(await holders(alias)).toEqual([a]);
  });

  it('moves the alias from whichever index holds it', async () => {
    const { alias, a, b } = await twoIndexes('swap-auto');
    await swapAliases(client, { alias, to: a });

    const removedFrom = await swapAliases(client, { alias, to: b });

    expect(removedFrom).toEqual([a]);
    expect(await holders(alias)).toEqual([b]);
  });

  it('never lets a reader see the alias missing or doubled while it moves', async () => {
    const { alias, a, b } = await twoIndexes('swap-readers');
    await swapAliases(client, { alias, to: a });
    let swapping = true;

    const readers = [1, 2, 3].map(() => readContinuously(alias, () => !swapping));
    for (let round = 0; round < 10; round++) {
      await swapAliases(client, {
        alias,
        from: round % 2 === 0 ? a : b,
        to: round % 2 === 0 ? b : a,
      });
    }
    swapping = false;
    const seen = (await Promise.all(readers)).flat();

    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((result) => result !== 'a' && result !== 'b')).toEqual([]);
    expect(await holders(alias)).toEqual([a]);
  });

  it('moves a write alias so that writes land in the new index', async () => {
    const { alias, a, b } = await twoIndexes('swap-write');
    await swapAliases(client, { alias, to: a, isWriteIndex: true });

    await swapAliases(client, { alias, to: b, isWriteIndex: true });
    await bulkUpsertVersioned(client, [{ index: alias, id: 'new', version: 1, document: {} }], {
      refresh: true,
    });
    const inB = await client.count({ index: b });

    expect(inB.body.count).toBe(2);
  });

  it('changes nothing when the swap fails (alias not on `from`)', async () => {
    const { alias, a, b } = await twoIndexes('swap-atomic');
    await swapAliases(client, { alias, to: a });

    const swap = swapAliases(client, { alias, from: b, to: a });

    await expect(swap).rejects.toBeInstanceOf(PermanentError);
    expect(await holders(alias)).toEqual([a]);
  });
});
