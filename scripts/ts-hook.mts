// Lets plain Node 24 run the workspace's CommonJS TypeScript from source (services, the simulator):
// a synchronous module hook compiles `.ts` files with @swc/core (already used by Jest), with Nest's
// legacy decorators and their metadata, resolves extensionless relative imports and the
// `@callrecords/*` aliases of tsconfig.base.json. Import it first: `import '../scripts/ts-hook.mts'`.
import { readFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { transformSync as TransformSync } from '@swc/core';

import { SWC_NEST_OPTIONS } from './swc-options.mts';

const require = createRequire(import.meta.url);
const swc = require('@swc/core') as { transformSync: typeof TransformSync };
const root = join(import.meta.dirname, '..');
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
      ...SWC_NEST_OPTIONS,
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    });
    return { format: 'commonjs', source: code, shortCircuit: true };
  },
});
