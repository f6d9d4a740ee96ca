import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { getIntrospectionQuery } from 'graphql';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

import { createSimulator } from '@callrecords/graph-simulator';
import type { Simulator, StartedSimulator } from '@callrecords/graph-simulator';
import {
  aCallRecord,
  aDirectRoutingRow,
  aPstnCallRow,
  getTestEnv,
  uniqueName,
} from '@callrecords/testing';

import { buildDataset } from './dataset';
import { at, startHarness } from './gateway-harness';
import type { GatewayHarness } from './gateway-harness';
import { seed } from './seed-documents';

const SCREENSHOTS = join(__dirname, '__screenshots__');
const ASSETS_SCRIPT = join(__dirname, '..', 'scripts', 'graphiql-assets.mts');

describe('GraphiQL (development mode)', () => {
  let simulator: Simulator;
  let started: StartedSimulator;
  let harness: GatewayHarness;
  let browser: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'gateway-chromium-'));
  const assets = mkdtempSync(join(tmpdir(), 'gateway-graphiql-'));

  beforeAll(async () => {
    // The assets are a build product (`npm run build`); build them here as the build does.
    await promisify(execFile)(process.execPath, [ASSETS_SCRIPT, assets]);
    simulator = createSimulator({ httpPort: 0 });
    started = await simulator.start();
    const env = getTestEnv();
    harness = await startHarness({
      issuer: { graphUrl: started.graphUrl, httpUrl: started.httpUrl ?? '', caPem: started.caPem },
      openSearchUrl: env.openSearchUrl,
      kafkaBrokers: env.kafkaBrokers,
      prefix: `${uniqueName('gwi')}-`,
      env: { GATEWAY_DEV_MODE: 'true', GATEWAY_GRAPHIQL_DIR: assets },
    });
    const data = buildDataset(
      { aCallRecord, aPstnCallRow, aDirectRoutingRow },
      { a: started.tenantId, b: started.secondTenantId },
    );
    await seed(harness.openSearch, harness.prefix, data.items);
    // A fresh profile directory per run (playwright passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await simulator?.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(assets, { recursive: true, force: true });
  });

  it('loads the bundled page, runs the default query with a token and shows the records', async () => {
    const token = await harness.token({ tenantId: started.tenantId });
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(harness.gateway.url)) {
        external.push(request.url());
      }
    });

    await page.goto(`${harness.gateway.url}/graphiql`);
    await page.locator('.graphiql-execute-button').waitFor({ timeout: 45_000 });
    await page.fill('#token', token);
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    await response.getByText('"totalCount": 23').waitFor({ timeout: 20_000 });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'graphiql.png') });

    expect(await response.innerText()).toContain('"callRecords"');
    expect(external).toEqual([]);
  });

  it('serves only the built asset names, never another file of the folder or above it', async () => {
    const names = ['graphiql.js', 'editor.worker.js', '..%2F..%2Fpackage.json', 'missing.js'];

    const statuses = await Promise.all(
      names.map(
        async (name) => (await fetch(`${harness.gateway.url}/graphiql/assets/${name}`)).status,
      ),
    );

    expect(statuses).toEqual([200, 200, 404, 404]);
  });

  it('answers the full introspection query GraphiQL sends, in development mode only', async () => {
    const response = await harness.graphql({ query: getIntrospectionQuery() });

    expect(response.errors).toEqual([]);
    expect(at<unknown[]>(response.data, '__schema', 'types').length).toBeGreaterThan(40);
  });
});
