// Regenerates src/graph/generated/call-records.ts from the Graph CSDL (STYLE.md §2.5, "Generated
// code"). Usage: node libs/contracts/scripts/generate-graph-types.mts [--check]
// The reference folder is libs/contracts/graph-reference (it travels with the code).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire, registerHooks } from 'node:module';
import { resolve } from 'node:path';

// The renderer is plain TypeScript shared with Jest (CommonJS, extensionless relative imports), so
// it is required rather than imported (tsconfig.tools.json would check it as ESM), and './x' means
// './x.ts'.
const here = new URL('./', import.meta.url).href;
registerHooks({
  resolve(specifier, context, nextResolve) {
    const ours = specifier.startsWith('.') && (context.parentURL ?? '').startsWith(here);
    const result = nextResolve(
      ours && !specifier.endsWith('.ts') ? `${specifier}.ts` : specifier,
      context,
    );
    // Say it is ESM up front; otherwise Node warns while it detects the format of a typeless .ts
    // file.
    return ours ? { ...result, format: 'module-typescript' } : result;
  },
});
const require = createRequire(import.meta.url);
const { renderGraphTypes } = require('./render-graph-types.ts') as {
  renderGraphTypes: (csdlXml: string, relatedXml: string) => string;
};
const { graphReferenceDir } = require('./graph-reference.ts') as {
  graphReferenceDir: (repoRoot: string) => string;
};

const repoRoot = resolve(import.meta.dirname, '../../..');
const reference = graphReferenceDir(repoRoot);
const target = resolve(import.meta.dirname, '../src/graph/generated/call-records.ts');

const source = renderGraphTypes(
  readFileSync(resolve(reference, 'callrecords-csdl-v1.0.xml'), 'utf8'),
  readFileSync(resolve(reference, 'related-graph-types-csdl-v1.0.xml'), 'utf8'),
);

if (process.argv.includes('--check')) {
  const stale = readFileSync(target, 'utf8') !== source;
  process.stdout.write(
    stale ? `${target} is stale: run npm run generate\n` : `${target} is up to date\n`,
  );
  process.exitCode = stale ? 1 : 0;
} else {
  writeFileSync(target, source);
  process.stdout.write(`wrote ${target}\n`);
}
