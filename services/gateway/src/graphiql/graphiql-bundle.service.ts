import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';

import type { Logger } from '@callrecords/service-kit';

import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, LOGGER } from '../gateway.constants';

export interface Asset {
  readonly contentType: string;
  readonly body: Uint8Array;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
};

// The only names the page asks for: nothing else in the folder (or outside it) is ever read.
const ASSET_NAME = /^[a-z]+(\.worker)?\.(js|css|ttf)$/;

/**
 * GraphiQL's page script, styles and editor workers (development mode only), bundled at build time
 * by `services/gateway/scripts/graphiql-assets.mts` and read here from GATEWAY_GRAPHIQL_DIR, so the
 * running gateway needs no bundler. In the production bundle the default folder sits beside it.
 */
@Injectable()
export class GraphiqlBundle implements OnModuleInit {
  private readonly dir: string;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.dir = config.GATEWAY_GRAPHIQL_DIR ?? join(__dirname, 'graphiql');
  }

  onModuleInit(): void {
    if (!existsSync(join(this.dir, 'graphiql.js'))) {
      // Development mode without a build: the page loads, its script answers 404.
      this.logger.warn({ dir: this.dir }, 'graphiql assets missing (npm run build writes them)');
    }
  }

  asset(name: string): Asset | undefined {
    const file = join(this.dir, name);
    if (!ASSET_NAME.test(name) || !existsSync(file)) {
      return undefined;
    }
    return {
      contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      body: readFileSync(file),
    };
  }
}
