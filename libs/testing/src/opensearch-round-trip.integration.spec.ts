// Proves the test OpenSearch is real: index templates, external versioning (what keeps duplicates
// and out-of-order events from regressing a document), filtered search and aggregations.
import { describe, expect, it, afterAll } from '@jest/globals';
import { Client } from '@opensearch-project/opensearch';

import { getTestEnv } from './test-env';
import { uniqueIndex } from './unique-names';

const client = new Client({ node: getTestEnv().openSearchUrl });
const created: string[] = [];

async function createTemplatedIndex(base: string): Promise<string> {
  const index = uniqueIndex(base);
  created.push(index);
  await client.indices.putIndexTemplate({
    name: index,
    body: {
      index_patterns: [`${index}*`],
      template: {
        settings: { number_of_shards: 1, number_of_replicas: 0 },
        mappings: {
          dynamic: 'strict',
          properties: {
            id: { type: 'keyword' },
            callType: { type: 'keyword' },
            durationSeconds: { type: 'integer' },
            organizer: { type: 'text' },
          },
        },
      },
    },
  });
  return index;
}

describe('OpenSearch round trip', () => {
  afterAll(async () => {
    for (const index of created) {
      await client.indices.delete({ index, ignore_unavailable: true });
      await client.indices.deleteIndexTemplate({ name: index });
    }
    await client.close();
  });

  it('applies an index template with explicit mappings to a new index', async () => {
    const index = await createTemplatedIndex('template');

    await client.index({
      index,
      id: 'a',
      body: { id: 'a', callType: 'groupCall', durationSeconds: 60 },
    });
    const mapping = await client.indices.getMapping({ index });

    expect(mapping.body[index]?.mappings.properties?.['callType']).toEqual({ type: 'keyword' });
  });

  it('rejects a lower external version and keeps the newer document', async () => {
    const index = await createTemplatedIndex('versions');
    const doc = (durationSeconds: number) => ({
      id: 'r1',
      callType: 'peerToPeer',
      durationSeconds,
    });

    const bulk = await client.bulk({
      refresh: 'wait_for',
      body: [
        { index: { _index: index, _id: 'r1', version: 3, version_type: 'external' } },
        doc(300),
        { index: { _index: index, _id: 'r1', version: 2, version_type: 'external' } },
        doc(200),
        { index: { _index: index, _id: 'r1', version: 3, version_type: 'external' } },
        doc(301),
      ],
    });
    const stored = await client.get({ index, id: 'r1' });

    expect(bulk.body.items.map((item) => item.index?.status)).toEqual([201, 409, 409]);
    expect(bulk.body.items[1]?.index?.error?.type).toBe('version_conflict_engine_exception');
    expect(stored.body._version).toBe(3);
    expect(stored.body._source).toEqual(doc(300));
  });

  it('searches with a filter and aggregates the matches', async () => {
    const index = await createTemplatedIndex('search');
    const docs = [
      { id: '1', callType: 'groupCall', durationSeconds: 60, organizer: 'Alice Example' },
      { id: '2', callType: 'groupCall', durationSeconds: 120, organizer: 'Bob Example' },
      { id: '3', callType: 'peerToPeer', durationSeconds: 30, organizer: 'Alice Example' },
    ];
    await client.bulk({
      refresh: 'wait_for',
      body: docs.flatMap((d) => [{ index: { _index: index, _id: d.id } }, d]),
    });

    // The client's generated types lack `terms.field`; `size` keeps TypeScript's weak-type check happy.
    const body = {
      query: { bool: { filter: [{ match: { organizer: 'alice' } }] } },
      aggs: {
        byType: {
          terms: { field: 'callType', size: 10 },
          aggs: { minutes: { sum: { field: 'durationSeconds' } } },
        },
      },
    };
    const result = await client.search({ index, body });
    const buckets = (
      result.body.aggregations?.['byType'] as {
        buckets: { key: string; doc_count: number; minutes: { value: number } }[];
      }
    ).buckets;

    expect(result.body.hits.hits.map((hit) => hit._id).sort()).toEqual(['1', '3']);
    expect(buckets.map((b) => [b.key, b.doc_count, b.minutes.value]).sort()).toEqual([
      ['groupCall', 1, 60],
      ['peerToPeer', 1, 30],
    ]);
  });
});
