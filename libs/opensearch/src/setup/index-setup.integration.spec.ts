// Real OpenSearch (core modules only, no ISM plugin): templates, the rollover write index and its
// aliases are applied idempotently; ISM policies are detected as unsupported and skipped.
import { afterAll, describe, expect, it } from '@jest/globals';

import { getTestEnv, uniqueIndex } from '@callrecords/testing';

import { rolloverIfNeeded, rolloverNames } from './aliases';
import { bulkUpsertVersioned } from '../bulk/bulk-upsert';
import { createOpenSearchClient } from '../client';
import { applyIndexSetup } from './index-setup';
import type { IndexSetup } from './index-setup';
import { openSearchIsmStore } from './ism';

const client = createOpenSearchClient(
  { OPENSEARCH_URL: getTestEnv().openSearchUrl, OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000 },
  { readFile: () => '' },
);
const series: string[] = [];

function setupFor(
  name: string,
  fields: Record<string, unknown> = { id: { type: 'keyword' } },
): IndexSetup {
  return {
    componentTemplates: [
      {
        name: `${name}-mappings`,
        body: { template: { mappings: { dynamic: 'strict', properties: fields } } },
      },
    ],
    indexTemplates: [
      {
        name,
        body: {
          index_patterns: [`${name}-*`],
          composed_of: [`${name}-mappings`],
          // Every index of the series joins the read alias, including those rollover creates.
          template: {
            settings: { number_of_shards: 1, number_of_replicas: 0 },
            aliases: { [name]: {} },
          },
        },
        ismRolloverAlias: rolloverNames(name).writeAlias,
      },
    ],
    ismPolicies: [
      {
        id: name,
        policy: {
          description: 'roll over daily',
          default_state: 'hot',
          states: [
            { name: 'hot', actions: [{ rollover: { min_index_age: '1d' } }], transitions: [] },
          ],
        },
      },
    ],
    rolloverIndexes: [{ name }],
  };
}

function newSeries(base: string): string {
  const name = uniqueIndex(base);
  series.push(name);
  return name;
}

async function aliasesOf(index: string): Promise<Record<string, unknown>> {
  const response = await client.indices.getAlias({ index });
  return response.body[index]?.aliases ?? {};
}

afterAll(async () => {
  for (const name of series) {
    const indexes = await client.indices.get({ index: `${name}-*`, allow_no_indices: true });
    await Promise.all(Object.keys(indexes.body).map((index) => client.indices.delete({ index })));
    await client.indices.deleteIndexTemplate({ name }).catch(() => undefined);
    await client.cluster
      .deleteComponentTemplate({ name: `${name}-mappings` })
      .catch(() => undefined);
  }
  await client.close();
});

describe(applyIndexSetup.name, () => {
  it('detects that this node has no ISM plugin', async () => {
    const available = await openSearchIsmStore(client).isAvailable();

    expect(available).toBe(false);
  });

  it('creates templates and the write index, and skips ISM with a warning', async () => {
    const name = newSeries('setup-first');

    const report = await applyIndexSetup(client, setupFor(name));

    expect(report.ismAvailable).toBe(false);
    expect(report.steps.map((s) => [s.kind, s.action])).toEqual([
      ['componentTemplate', 'created'],
      ['indexTemplate', 'created'],
      ['ismPolicy', 'skipped'],
      ['rolloverIndex', 'created'],
    ]);
    expect(report.warnings).toEqual([
      expect.stringMatching(new RegExp(`^ISM plugin not installed.*: skipped ${name}$`)),
    ]);
  });

  it('reports everything unchanged when applied a second time', async () => {
    const name = newSeries('setup-twice');
    await applyIndexSetup(client, setupFor(name));

    const report = await applyIndexSetup(client, setupFor(name));

    expect(report.steps.map((s) => s.action)).toEqual([
      'unchanged',
      'unchanged',
      'skipped',
      'unchanged',
    ]);
  });

  it('updates a template whose definition changed', async () => {
    const name = newSeries('setup-change');
    await applyIndexSetup(client, setupFor(name));

    const report = await applyIndexSetup(
      client,
      setupFor(name, { id: { type: 'keyword' }, extra: { type: 'keyword' } }),
    );

    expect(report.steps[0]).toEqual({
      kind: 'componentTemplate',
      name: `${name}-mappings`,
      action: 'updated',
    });
    expect(report.steps[1]?.action).toBe('unchanged');
  });

  it('puts the first index behind the write alias (as write index) and the read alias', async () => {
    const name = newSeries('setup-aliases');
    const { firstIndex, writeAlias } = rolloverNames(name);

    await applyIndexSetup(client, setupFor(name));

    expect(await aliasesOf(firstIndex)).toEqual({
      [writeAlias]: { is_write_index: true },
      [name]: {},
    });
  });

  it('gives the write index the template mapping (strict: unknown fields are poison)', async () => {
    const name = newSeries('setup-mapping');
    await applyIndexSetup(client, setupFor(name));
    const { writeAlias } = rolloverNames(name);

    const results = await bulkUpsertVersioned(client, [
      { index: writeAlias, id: 'a', version: 1, document: { id: 'a' } },
      { index: writeAlias, id: 'b', version: 1, document: { id: 'b', nope: 1 } },
    ]);

    expect(results.map((r) => r.status)).toEqual(['written', 'poison']);
  });

  it('adds the aliases to a first index left without them', async () => {
    const name = newSeries('setup-repair');
    await client.indices.create({ index: rolloverNames(name).firstIndex });

    const report = await applyIndexSetup(client, { rolloverIndexes: [{ name }] });

    expect(report.steps[0]?.action).toBe('updated');
    expect(Object.keys(await aliasesOf(rolloverNames(name).firstIndex)).sort()).toEqual(
      [name, rolloverNames(name).writeAlias].sort(),
    );
  });
});

describe(rolloverIfNeeded.name, () => {
  it('rolls over once a condition is met and keeps every index readable', async () => {
    const name = newSeries('rollover');
    await applyIndexSetup(client, setupFor(name));
    const { writeAlias, firstIndex } = rolloverNames(name);
    await bulkUpsertVersioned(
      client,
      ['a', 'b'].map((id) => ({ index: writeAlias, id, version: 1, document: { id } })),
      { refresh: true },
    );

    const rolled = await rolloverIfNeeded(client, { writeAlias, conditions: { maxDocs: 2 } });
    const again = await rolloverIfNeeded(client, { writeAlias, conditions: { maxDocs: 2 } });
    await bulkUpsertVersioned(
      client,
      [{ index: writeAlias, id: 'c', version: 1, document: { id: 'c' } }],
      {
        refresh: true,
      },
    );
    const readable = await client.count({ index: name });

    expect(rolled).toMatchObject({
      rolledOver: true,
      oldIndex: firstIndex,
      newIndex: `${name}-000002`,
    });
    expect(again.rolledOver).toBe(false);
    expect(await aliasesOf(`${name}-000002`)).toMatchObject({
      [writeAlias]: { is_write_index: true },
    });
    expect(readable.body.count).toBe(3);
  });
});
