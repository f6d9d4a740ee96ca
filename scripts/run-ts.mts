// Runs one TypeScript entry point of the workspace from source with plain Node 24.
// Usage: node scripts/run-ts.mts services/indexer/src/main.ts [args...]
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

import './ts-hook.mts';

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node scripts/run-ts.mts <file.ts> [args...]\n');
  process.exit(2);
}
// The entry sees its own arguments from process.argv[2] on, as if it had been started directly.
process.argv.splice(1, 1);
createRequire(import.meta.url)(resolve(entry));
