import { describe, expect, it } from '@jest/globals';

import { ConfigError } from '@callrecords/service-kit';

import { toClientOptions } from './client';
import type { OpenSearchConnectionConfig } from './client';

const base: OpenSearchConnectionConfig = {
  OPENSEARCH_URL: 'https://search.internal:9200',
  OPENSEARCH_REQUEST_TIMEOUT_MS: 5_000,
};
const noFiles = {
  readFile: (path: string): string => {
    throw new Error(`ENOENT: ${path}`);
  },
};

describe(toClientOptions.name, () => {
  it('connects to the URL with the timeout and no hidden retries', () => {
    const options = toClientOptions(base, noFiles);

    expect(options).toEqual({
      node: 'https://search.internal:9200',
      requestTimeout: 5_000,
      maxRetries: 0,
      disablePrototypePoisoningProtection: true,
    });
  });

  it('uses basic auth when user name and password are set', () => {
    const options = toClientOptions(
      { ...base, OPENSEARCH_USERNAME: 'indexer', OPENSEARCH_PASSWORD: 'pw' },
      noFiles,
    );

    expect(options.auth).toEqual({ username: 'indexer', password: 'pw' });
  });

  it.each([
    ['only a user name', { OPENSEARCH_USERNAME: 'indexer' }, /OPENSEARCH_PASSWORD/],
    ['only a password', { OPENSEARCH_PASSWORD: 'pw' }, /OPENSEARCH_USERNAME/],
  ])('fails at boot with %s', (_name, extra, key) => {
    const build = () => toClientOptions({ ...base, ...extra }, noFiles);

    expect(build).toThrow(ConfigError);
    expect(build).toThrow(key);
  });

  it('trusts the CA read from OPENSEARCH_CA_FILE', () => {
    const options = toClientOptions(
      { ...base, OPENSEARCH_CA_FILE: '/etc/ca.pem' },
      { readFile: (path) => `PEM of ${path}` },
    );

    expect(options.ssl).toEqual({ ca: 'PEM of /etc/ca.pem' });
  });

  it('fails at boot when the CA file cannot be read', () => {
    const build = () => toClientOptions({ ...base, OPENSEARCH_CA_FILE: '/nope.pem' }, noFiles);

    expect(build).toThrow(/OPENSEARCH_CA_FILE: cannot read \/nope.pem/);
  });
});
