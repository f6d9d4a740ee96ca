// What the chart states about the rest of the workspace stays true: its README's values table is
// values.yaml's `## @param` lines, every value is documented, the KEDA partitions are the contract
// topics', and the Dashboards saved objects are the indexer's file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from '@jest/globals';

import { TOPICS } from '@callrecords/contracts';

import { CHART, ROOT } from './src/helm';
import { defaultAt, leafPaths, valueParams } from './src/values-table';

const values = readFileSync(join(CHART, 'values.yaml'), 'utf8');
const readme = readFileSync(join(CHART, 'README.md'), 'utf8');

function readmeRows(): string[][] {
  const table = /<!-- values:start -->\s*([\s\S]*?)\s*<!-- values:end -->/.exec(readme)?.[1] ?? '';
  return table
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|')),
    );
}

describe('charts/callrecords/README.md values table', () => {
  it('lists every documented value with its default and meaning, in order', () => {
    const expected = valueParams(values).map((p) => [
      `\`${p.key}\``,
      defaultAt(values, p.key),
      p.description,
    ]);

    expect(readmeRows()).toEqual(expected);
  });

  it('documents every value of values.yaml', () => {
    const documented = valueParams(values).map((p) => p.key);

    const undocumented = leafPaths(values).filter(
      (path) => !documented.some((key) => path === key || path.startsWith(`${key}.`)),
    );
    expect(undocumented).toEqual([]);
  });
});

describe('values that mirror the contracts', () => {
  it('sets each KEDA partitions default to the partitions of the topic the group consumes', () => {
    const defaults = ['fetcher', 'indexer', 'aggregator'].map((c) =>
      defaultAt(values, `${c}.keda.partitions`),
    );

    expect(defaults).toEqual([
      `\`${TOPICS.notifications.partitions}\``,
      `\`${TOPICS.records.partitions}\``,
      `\`${TOPICS.records.partitions}\``,
    ]);
  });

  it('ships the indexer’s Dashboards saved objects unchanged', () => {
    const chartCopy = readFileSync(join(CHART, 'files/dashboards/callrecords.ndjson'), 'utf8');

    expect(chartCopy).toBe(
      readFileSync(join(ROOT, 'services/indexer/dashboards/callrecords.ndjson'), 'utf8'),
    );
  });
});
