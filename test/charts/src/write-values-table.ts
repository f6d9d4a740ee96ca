// Rewrites the values table of charts/callrecords/README.md from values.yaml's `## @param` lines.
// Usage: node scripts/run-ts.mts test/charts/src/write-values-table.ts   (test/charts fails while
// they differ); then `npx prettier --write charts/callrecords/README.md` aligns the columns.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { valuesTable } from './values-table';

const chart = join(__dirname, '../../../charts/callrecords');
const readme = join(chart, 'README.md');
const table = valuesTable(readFileSync(join(chart, 'values.yaml'), 'utf8'));
const text = readFileSync(readme, 'utf8').replace(
  /(<!-- values:start -->)[\s\S]*?(<!-- values:end -->)/,
  `$1\n\n${table}\n\n$2`,
);
writeFileSync(readme, text);
process.stdout.write(`values table: ${table.split('\n').length - 2} keys\n`);
