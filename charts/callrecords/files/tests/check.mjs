// helm test: each URL in READY_URLS must answer 200 within a minute; with GRAPHQL_TOKEN_FILE the
// gateway must answer a GraphQL query with data and no errors; without a token it must refuse (401).
/* global process, fetch, AbortSignal, setTimeout */
import { readFileSync } from 'node:fs';

async function ready(url) {
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.ok) {
        return;
      }
      last = `status ${response.status}`;
    } catch (error) {
      last = String(error && error.cause ? error.cause.code || error.cause : error);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(`${url} not ready: ${last}`);
}

async function graphql(url, token) {
  const headers = { 'content-type': 'application/json' };
  if (token) {
    headers.authorization = `Bearer ${token}`;
  }
  const query = '{ callRecords(first: 1) { totalCount } }';
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  const body = await response.json().catch(() => ({}));
  if (!token) {
    const refused =
      response.status === 401 ||
      (body.errors || []).some((e) => /UNAUTHENTICATED/.test(JSON.stringify(e)));
    if (!refused) {
      throw new Error(`GraphQL without a token was not refused (status ${response.status})`);
    }
    return 'refused without a token';
  }
  if (
    !response.ok ||
    body.errors ||
    !body.data ||
    typeof body.data.callRecords.totalCount !== 'number'
  ) {
    throw new Error(
      `GraphQL failed: status ${response.status} ${JSON.stringify(body.errors || body)}`,
    );
  }
  return `callRecords.totalCount ${body.data.callRecords.totalCount}`;
}

async function main() {
  const urls = (process.env.READY_URLS || '').split(',').filter(Boolean);
  for (const url of urls) {
    await ready(url);
    process.stdout.write(`ready ${url}\n`);
  }
  if (process.env.GRAPHQL_URL) {
    const token = process.env.GRAPHQL_TOKEN_FILE
      ? readFileSync(process.env.GRAPHQL_TOKEN_FILE, 'utf8').trim()
      : '';
    process.stdout.write(`graphql ${await graphql(process.env.GRAPHQL_URL, token)}\n`);
  }
}

await main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
