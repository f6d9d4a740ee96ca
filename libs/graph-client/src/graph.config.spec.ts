import { describe, expect, it } from '@jest/globals';

import { ConfigError, loadConfig } from '@callrecords/service-kit';

import { graphConfigSchema, graphCredentialOf } from './graph.config';

const base = { GRAPH_TENANT_IDS: 't1, t2', GRAPH_CLIENT_ID: 'c1' };

describe('graphConfigSchema', () => {
  it('splits tenant ids and defaults to the public cloud', () => {
    const config = loadConfig(graphConfigSchema, { ...base, GRAPH_CLIENT_SECRET: 's' });

    expect(config).toMatchObject({
      GRAPH_TENANT_IDS: ['t1', 't2'],
      GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.com',
      GRAPH_BASE_URL: 'https://graph.microsoft.com',
    });
  });

  it('rejects a thumbprint that is not hex SHA-1 or SHA-256', () => {
    expect(() =>
      loadConfig(graphConfigSchema, { ...base, GRAPH_CLIENT_CERTIFICATE_THUMBPRINT: 'abc' }),
    ).toThrow(ConfigError);
  });
});

describe(graphCredentialOf.name, () => {
  it('picks the certificate when key and thumbprint are set', () => {
    const config = loadConfig(graphConfigSchema, {
      ...base,
      GRAPH_CLIENT_CERTIFICATE_KEY: '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----',
      GRAPH_CLIENT_CERTIFICATE_THUMBPRINT: 'a'.repeat(64),
    });

    expect(graphCredentialOf(config)).toMatchObject({
      kind: 'certificate',
      thumbprint: 'a'.repeat(64),
    });
  });

  it('refuses a config with no credential', () => {
    const config = loadConfig(graphConfigSchema, base);

    expect(() => graphCredentialOf(config)).toThrow(/GRAPH_CLIENT_SECRET/);
  });
});
