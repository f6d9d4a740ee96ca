import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

import { PermanentError, RetryableError } from '@callrecords/contracts';
import { getTestEnv, uniqueIndex } from '@callrecords/testing';

import { createOpenSearchClient } from './client';
import { search } from './search';

const noFiles = { readFile: (): string => '' };
const client = createOpenSearchClient(
  { OPENSEARCH_URL: getTestEnv().openSearchUrl, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  noFiles,
);
const unreachable = createOpenSearchClient(
  { OPENSEARCH_URL: 'http://127.0.0.1:1', OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  noFiles,
);
const index = uniqueIndex('search');

describe(search.name, () => {
  beforeAll(async () => {
    await client.indices.create({
      index,
      body: { mappings: { properties: { n: { type: 'long' }, k: { type: 'keyword' } } } },
    });
    await client.bulk({
      refresh: 'true',
      body: [1, 2, 3].flatMap((n) => [
        { index: { _index: index, _id: `d${n}` } },
        { n, k: n % 2 ? 'odd' : 'even' },
      ]),
    });
  });

  afterAll(async () => {
    await client.indices.delete({ index });
    await Promise.all([client.close(), unreachable.close()]);
  });

  it('returns hits with their sort values, the exact total and aggregations', async () => {
    const result = await search(client, {
      index,
      body: {
        size: 2,
        sort: [{ n: 'desc' }],
        track_total_hits: true,
        aggs: { kinds: { terms: { field: 'k' } } },
      },
      timeoutMs: 5_000,
    });

    // Each hit names the concrete index it is in (here the one index searched).
    expect(result.hits).toEqual([
      { id: 'd3', index, source: { n: 3, k: 'odd' }, sort: [3] },
      { id: 'd2', index, source: { n: 2, k: 'even' }, sort: [2] },
    ]);
    expect(result.total).toBe(3);
    expect(result.aggregations['kinds']).toMatchObject({
      buckets: [
        { key: 'odd', doc_count: 2 },
        { key: 'even', doc_count: 1 },
      ],
    });
  });

  it('continues after the sort values of a hit (search_after)', async () => {
    const result = await search(client, {
      index,
      body: { size: 5, sort: [{ n: 'desc' }], search_after: [2] },
      timeoutMs: 5_000,
    });

    expect(result.hits.map((hit) => hit.id)).toEqual(['d1']);
  });

  it('answers no hits for a missing index or alias', async () => {
    const result = await search(client, {
      index: `${index}-missing`,
      body: { size: 5 },
      timeoutMs: 5_000,
    });

    expect([result.hits, result.total]).toEqual([[], 0]);
  });

  it('classifies a malformed query as permanent and an unreachable node as retryable', async () => {
    const outcomes = await Promise.allSettled([
      search(client, { index, body: { query: { nope: {} } }, timeoutMs: 5_000 }),
      search(unreachable, { index, body: {}, timeoutMs: 1_000 }),
    ]);

    const reasons = outcomes.map((o): unknown => (o.status === 'rejected' ? o.reason : undefined));
    expect(reasons[0]).toBeInstanceOf(PermanentError);
    expect(reasons[1]).toBeInstanceOf(RetryableError);
  });
});
