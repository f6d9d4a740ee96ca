// Real OpenSearch: a series without template aliases rolls over with its read alias, so documents
// written after the rollover are readable at once; counts and alias lookups see every generation.
import { afterAll, describe, expect, it } from '@jest/globals';

import { getTestEnv, uniqueIndex } from '@callrecords/testing';

import { bootstrapRolloverIndex, rolloverNames } from './aliases';
import { countDocuments, indexesOfAlias, rolloverWithReadAlias } from './generations';
import { bulkUpsertVersioned } from '../bulk/bulk-upsert';
import { createOpenSearchClient } from '../client';

const client = createOpenSearchClient(
  {
    OPENSEARCH_URL: getTestEnv().openSearchUrl,
    OPENSEARCH_INDEX_PREFIX: '',
    OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000,
  },
  { readFile: () => '' },
);
const series = uniqueIndex('generations');

afterAll(async () => {
  await client.indices.delete({ index: `${series}-*` }).catch(() => undefined);
  await client.close();
});

describe(rolloverWithReadAlias.name, () => {
  it('moves the write alias and puts the read alias on the new index in one request', async () => {
    const names = rolloverNames(series);
    await bootstrapRolloverIndex(client, { name: series });
    const write = (id: string) =>
      bulkUpsertVersioned(client, [{ index: names.writeAlias, id, version: 1, document: { id } }], {
        refresh: true,
      });
    await write('before');

    const result = await rolloverWithReadAlias(client, {
      writeAlias: names.writeAlias,
      readAlias: names.readAlias,
      conditions: { maxDocs: 1 },
    });
    await write('after');

    expect(result).toMatchObject({ rolledOver: true, newIndex: `${series}-000002` });
    expect(await indexesOfAlias(client, names.readAlias)).toEqual([
      `${series}-000001`,
      `${series}-000002`,
    ]);
    expect(await countDocuments(client, names.readAlias)).toBe(2);
  });

  it('counts nothing and finds no index behind an alias that does not exist', async () => {
    expect([
      await countDocuments(client, `${series}-missing`),
      await indexesOfAlias(client, `${series}-missing`),
    ]).toEqual([0, []]);
  });
});
