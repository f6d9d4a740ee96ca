import { ConfigError, loadConfig } from '@callrecords/service-kit';

import { ingestionConfigSchema } from './config';

const TENANT = '00000000-0000-4000-8000-000000000001';
const USER = 'a11ce000-0000-4000-8000-000000000001';
const REQUIRED = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  GRAPH_TENANT_IDS: TENANT,
  GRAPH_CLIENT_ID: 'client',
  GRAPH_CLIENT_SECRET: 'secret',
};

describe('ingestionConfigSchema', () => {
  it('watches everyone by default', () => {
    expect(loadConfig(ingestionConfigSchema, REQUIRED).INGESTION_WATCHED_USERS.size).toBe(0);
  });

  it('reads the watched people of a configured tenant', () => {
    const config = loadConfig(ingestionConfigSchema, {
      ...REQUIRED,
      INGESTION_WATCHED_USERS: `${TENANT}=${USER}`,
    });

    expect([...config.INGESTION_WATCHED_USERS]).toEqual([[TENANT, [USER]]]);
  });

  it('refuses to boot when a watching tenant is not one of GRAPH_TENANT_IDS', () => {
    const other = '00000000-0000-4000-8000-000000000002';

    const load = () =>
      loadConfig(ingestionConfigSchema, {
        ...REQUIRED,
        INGESTION_WATCHED_USERS: `${other}=${USER}`,
      });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/INGESTION_WATCHED_USERS/);
  });
});
