import { describe, expect, it } from '@jest/globals';

import { loadConfig } from '@callrecords/service-kit';

import { fetcherConfigSchema } from './config';

const REQUIRED = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  GRAPH_TENANT_IDS: '00000000-0000-4000-8000-000000000001',
  GRAPH_CLIENT_ID: '00000000-0000-4000-8000-000000000002',
  GRAPH_CLIENT_SECRET: 'secret',
};

describe('fetcher config', () => {
  it('retries a 404 for longer than Graph’s 150 min maximum latency of a first version', () => {
    const config = loadConfig(fetcherConfigSchema, REQUIRED);

    const totalMs = config.FETCHER_NOT_YET_AVAILABLE_RETRY_SECONDS.reduce((a, b) => a + b, 0);

    // 30 s + 2 min + 10 min + 30 min + 60 min + 60 min.
    expect(totalMs).toBe(162.5 * 60_000);
    expect(totalMs).toBeGreaterThan(150 * 60_000);
  });

  it('re-polls reports for 72 h by default, beyond the 24–48 h the admin center states', () => {
    const config = loadConfig(fetcherConfigSchema, REQUIRED);

    expect(config.FETCHER_REPORTS_SETTLE_HOURS).toBe(72);
  });
});
