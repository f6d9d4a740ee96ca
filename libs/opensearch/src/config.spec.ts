import { describe, expect, it } from '@jest/globals';

import { ConfigError, describeConfig, loadConfig } from '@callrecords/service-kit';

import { openSearchConfigSchema } from './config';

describe('openSearchConfigSchema', () => {
  it('needs only the URL and defaults the request timeout', () => {
    const config = loadConfig(openSearchConfigSchema, { OPENSEARCH_URL: 'http://localhost:9200' });

    expect(config).toEqual({
      OPENSEARCH_URL: 'http://localhost:9200',
      OPENSEARCH_INDEX_PREFIX: '',
      OPENSEARCH_REQUEST_TIMEOUT_MS: 30_000,
    });
  });

  it('reads credentials, the CA path and the timeout', () => {
    const config = loadConfig(openSearchConfigSchema, {
      OPENSEARCH_URL: 'https://search.internal:9200',
      OPENSEARCH_USERNAME: 'indexer',
      OPENSEARCH_PASSWORD: 's3cret',
      OPENSEARCH_CA_FILE: '/etc/opensearch/ca.pem',
      OPENSEARCH_REQUEST_TIMEOUT_MS: '5000',
    });

    expect(config).toMatchObject({
      OPENSEARCH_PASSWORD: 's3cret',
      OPENSEARCH_CA_FILE: '/etc/opensearch/ca.pem',
      OPENSEARCH_REQUEST_TIMEOUT_MS: 5_000,
    });
  });

  it('reads the password from OPENSEARCH_PASSWORD_FILE', () => {
    const config = loadConfig(
      openSearchConfigSchema,
      { OPENSEARCH_URL: 'http://localhost:9200', OPENSEARCH_PASSWORD_FILE: '/run/secrets/pw' },
      { readFile: () => 'from-file\n' },
    );

    expect(config.OPENSEARCH_PASSWORD).toBe('from-file');
  });

  it('lists every invalid key at once', () => {
    const load = () =>
      loadConfig(openSearchConfigSchema, {
        OPENSEARCH_URL: 'ftp://nope',
        OPENSEARCH_REQUEST_TIMEOUT_MS: 'soon',
      });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/OPENSEARCH_URL[\s\S]*OPENSEARCH_REQUEST_TIMEOUT_MS/);
  });

  it('describes every key and marks only the password sensitive', () => {
    const rows = describeConfig(openSearchConfigSchema);

    expect(rows.map((row) => [row.key, row.required, row.sensitive, row.defaultValue])).toEqual([
      ['OPENSEARCH_URL', true, false, undefined],
      ['OPENSEARCH_USERNAME', false, false, undefined],
      ['OPENSEARCH_PASSWORD', false, true, undefined],
      ['OPENSEARCH_CA_FILE', false, false, undefined],
      ['OPENSEARCH_INDEX_PREFIX', false, false, ''],
      ['OPENSEARCH_REQUEST_TIMEOUT_MS', false, false, '30000'],
    ]);
    expect(rows.every((row) => row.description.length > 0)).toBe(true);
  });
});
