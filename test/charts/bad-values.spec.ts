// Each bad-values/*.yaml, laid over the minimal values, must stop `helm template` with a message
// naming the key (its first line says which: `# expect: <text>`). The schema catches types, unknown
// keys and missing credential references; the templates catch what a schema cannot (partitions).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from '@jest/globals';

import { CHART, helm, helmBinary, renderArgs } from './src/helm';

const BAD = join(__dirname, 'bad-values');
const cases = readdirSync(BAD)
  .filter((file) => file.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const first = readFileSync(join(BAD, file), 'utf8').split('\n')[0] ?? '';
    return [file, first.replace(/^# expect: /, '')] as const;
  });

beforeAll(() => {
  helmBinary();
}, 1_200_000);

describe('bad values', () => {
  it('has at least five cases, each naming what it expects', () => {
    expect(cases.length).toBeGreaterThanOrEqual(5);
    for (const [, expected] of cases) {
      expect(expected).not.toMatch(/^#/);
    }
  });

  it.each(cases)('rejects %s with "%s"', (file, expected) => {
    const result = helm(renderArgs([join(CHART, 'ci/minimal-values.yaml'), join(BAD, file)]));

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(expected);
  });
});
