import { dirname, join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { build } from 'esbuild';

import type { Logger } from '@callrecords/service-kit';

import { LOGGER } from '../gateway.constants';

export interface Asset {
  readonly contentType: string;
  readonly body: Uint8Array;
}

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

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
};

/**
 * Bundles GraphiQL and its editor workers from node_modules with esbuild, once, in memory (dev mode
 * only). Started at boot so the first page load does not wait for the whole build.
 */
@Injectable()
export class GraphiqlBundle implements OnModuleInit {
  private assets: Promise<Map<string, Asset>> | undefined;

  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  onModuleInit(): void {
    // Fire and forget: the result is awaited by the first asset request; a failure is logged there.
    this.assets = this.bundle();
    this.assets.catch((error: unknown) =>
      this.logger.error({ err: error }, 'graphiql bundle failed'),
    );
  }

  async asset(name: string): Promise<Asset | undefined> {
    this.assets ??= this.bundle();
    return (await this.assets).get(name);
  }

  private async bundle(): Promise<Map<string, Asset>> {
    const started = performance.now();
    const root = dirname(require.resolve('graphiql/package.json'));
    const common = {
      bundle: true,
      write: false,
      minify: true,
      outdir: '/assets',
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.ttf': 'file' },
      absWorkingDir: join(root, '..', '..'),
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
    const assets = new Map<string, Asset>();
    for (const file of [...page.outputFiles, ...workers.outputFiles]) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      const extension = name.slice(name.lastIndexOf('.'));
      assets.set(name, {
        contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
        body: file.contents,
      });
    }
    this.logger.info(
      { durationMs: Math.round(performance.now() - started), files: assets.size },
      'graphiql bundled',
    );
    return assets;
  }
}
