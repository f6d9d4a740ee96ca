// Builds one service for production: each entry point is bundled with everything it imports
// (workspace libraries and npm packages) into one CommonJS file under dist/services/<name>/, so an
// image needs Node and these files only, no node_modules. esbuild bundles; swc compiles our
// TypeScript first because esbuild does not emit the decorator metadata Nest's injection reads.
// Usage: node scripts/build/build-service.mts <service> <entry> [<entry>...]   (entry: src/<entry>.ts)
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { transformFile as TransformFile } from '@swc/core';
import type { Plugin } from 'esbuild';
import { build } from 'esbuild';

import { SWC_NEST_OPTIONS } from '../swc-options.mts';

const require = createRequire(import.meta.url);
const swc = require('@swc/core') as { transformFile: typeof TransformFile };
const root = join(import.meta.dirname, '../..');

// Nest, fastify and kafkajs require some packages only when an optional feature is used (other
// transports, validation pipes, pretty logs). Those not installed are left out of the bundle: their
// require fails at run time exactly as it would from node_modules, and the caller falls back.
function optionalPackagesLeftOut(leftOut: Set<string>): Plugin {
  return {
    name: 'optional-packages',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'probe') {
          return undefined;
        }
        const found = await builder.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'probe',
        });
        if (found.errors.length === 0) {
          return { path: found.path, external: found.external, sideEffects: found.sideEffects };
        }
        leftOut.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

const swcDecorators: Plugin = {
  name: 'swc-decorators',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) {
        return undefined;
      }
      const { code } = await swc.transformFile(args.path, {
        ...SWC_NEST_OPTIONS,
        module: { type: 'es6' },
        sourceMaps: false,
      });
      return { contents: code, loader: 'js', resolveDir: join(args.path, '..') };
    });
  },
};

/** Bundles `services/<service>/src/<entry>.ts` for each entry into `dist/services/<service>/<entry>.js`. */
export async function buildService(service: string, entries: readonly string[]): Promise<string> {
  const outdir = join(root, 'dist/services', service);
  rmSync(outdir, { recursive: true, force: true });
  const leftOut = new Set<string>();
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      entries.map((entry) => [entry, join(root, 'services', service, 'src', `${entry}.ts`)]),
    ),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    tsconfig: join(root, 'tsconfig.base.json'),
    // ESM-only packages (fdir, tinyglobby) call createRequire(import.meta.url): give them the bundle's.
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: {
      'import.meta.url': '__importMetaUrl',
      'import.meta.dirname': '__dirname',
      'import.meta.filename': '__filename',
    },
    plugins: [optionalPackagesLeftOut(leftOut), swcDecorators],
    // GraphQL code-first names types after classes: shrink whitespace and syntax, never names.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  });
  const bytes = Object.values(result.metafile.outputs).reduce((sum, out) => sum + out.bytes, 0);
  const size = `${(bytes / 1e6).toFixed(1)} MB`;
  return `${service}: ${entries.join(', ')} (${size}); optional packages not installed: ${[...leftOut].sort().join(' ')}`;
}

if (import.meta.main) {
  const [service, ...entries] = process.argv.slice(2);
  if (!service || entries.length === 0) {
    process.stderr.write('usage: node scripts/build/build-service.mts <service> <entry>...\n');
    process.exit(2);
  }
  process.stdout.write(`${await buildService(service, entries)}\n`);
}
