// Runs the simulator's CommonJS TypeScript with plain Node 24: a synchronous module hook compiles `.ts`
// files with @swc/core (already a dev dependency, used by Jest), resolves extensionless relative imports
// and the `@callrecords/*` aliases. Usage: node test/graph-simulator/main.mts
import { readFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { transformSync as TransformSync } from '@swc/core';

const require = createRequire(import.meta.url);
const swc = require('@swc/core') as { transformSync: typeof TransformSync };
const root = join(import.meta.dirname, '../..');
const paths = (
  JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  }
).compilerOptions.paths;

registerHooks({
  resolve(specifier, context, nextResolve) {
    const target = paths[specifier]?.[0];
    if (target) {
      return nextResolve(join(root, target), context);
    }
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.')) {
        return nextResolve(`${specifier}.ts`, context);
      }
      throw error;
    }
  },
  load(url, context, nextLoad) {
    if (!url.endsWith('.ts') || url.includes('/node_modules/')) {
      return nextLoad(url, context);
    }
    const filename = fileURLToPath(url);
    const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
      filename,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    });
    return { format: 'commonjs', source: code, shortCircuit: true };
  },
});

require('./src/main.ts');
