// Build time only: bundles GraphiQL (from npm, no CDN) and Monaco's editor workers with esbuild into
// a folder the gateway serves in development mode (GATEWAY_GRAPHIQL_DIR), so the running gateway
// needs neither esbuild nor GraphiQL's packages. `npm run build` writes dist/services/gateway/graphiql.
// Usage: node services/gateway/scripts/graphiql-assets.mts <output folder>
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

import { build } from 'esbuild';

const require = createRequire(import.meta.url);

// The page's script: GraphiQL from npm (no CDN), Monaco's workers served from our own assets.
const ENTRY = `
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const name = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker('/graphiql/assets/' + name + '.worker.js');
  },
};
// The bearer token lives in this tab only (sessionStorage), never in the URL.
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('callrecords:token') ?? '';
tokenInput.addEventListener('input', () => sessionStorage.setItem('callrecords:token', tokenInput.value.trim()));
const bearer = () => (tokenInput.value.trim() ? 'Bearer ' + tokenInput.value.trim() : undefined);
const fetcher = createGraphiQLFetcher({
  url: new URL('/graphql', location.href).href,
  // Subscriptions over graphql-ws; the token goes in connection_init, read when one starts.
  subscriptionUrl: new URL('/graphql', location.href).href.replace(/^http/, 'ws'),
  wsConnectionParams: { get authorization() { return bearer(); } },
  fetch: (input, init) => {
    const headers = new Headers(init?.headers);
    if (bearer() && !headers.has('authorization')) {
      headers.set('authorization', bearer());
    }
    return fetch(input, { ...init, headers });
  },
});
const defaultQuery = '{\\n  callRecords(first: 5) {\\n    totalCount\\n    items { id type startDateTime participantCount quality { isPoor poorReasons } }\\n  }\\n}\\n';
createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: false }),
);
`;

const WORKERS: Readonly<Record<string, string>> = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};

/** Writes graphiql.js, graphiql.css, its fonts and the three workers into `outdir` (emptied first). */
export async function writeGraphiqlAssets(outdir: string): Promise<string[]> {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const root = dirname(require.resolve('graphiql/package.json'));
  const common = {
    bundle: true,
    minify: true,
    outdir,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.ttf': 'file' },
    absWorkingDir: join(root, '..', '..'),
    metafile: true,
  } as const;
  const [page, workers] = await Promise.all([
    build({
      ...common,
      stdin: { contents: ENTRY, resolveDir: root, loader: 'js', sourcefile: 'graphiql.js' },
      format: 'esm',
      entryNames: 'graphiql',
      assetNames: '[name]',
    }),
    build({
      ...common,
      entryPoints: Object.fromEntries(
        Object.entries(WORKERS).map(([name, path]) => [`${name}.worker`, require.resolve(path)]),
      ),
      format: 'iife',
    }),
  ]);
  return [...Object.keys(page.metafile.outputs), ...Object.keys(workers.metafile.outputs)];
}

if (import.meta.main) {
  const outdir = process.argv[2];
  if (!outdir) {
    process.stderr.write(
      'usage: node services/gateway/scripts/graphiql-assets.mts <output folder>\n',
    );
    process.exit(2);
  }
  const files = await writeGraphiqlAssets(resolve(outdir));
  process.stdout.write(`graphiql: ${files.length} files in ${outdir}\n`);
}
