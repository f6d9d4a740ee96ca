import { getTestEnv, uniqueName } from '@callrecords/testing';

import { envArgs, podman } from './src/podman';
import { VERSION } from './src/service-env';

// The chart's pre-install/pre-upgrade hook Job runs this image once: same security context as the
// services (non-root, read-only root filesystem), exit 0 when topics and indexes are in place.
describe('the provisioner image', () => {
  const name = uniqueName('img-provisioner');
  const prefix = `${name}-`;

  afterAll(async () => {
    await podman(['rm', '--force', '--time', '0', name]);
  });

  it('creates the contract indexes under its prefix as uid 1000 on a read-only root filesystem and exits 0', async () => {
    const env = getTestEnv();

    const run = await podman([
      'run',
      '--name',
      name,
      '--read-only',
      '--tmpfs',
      '/tmp',
      '--network',
      'host',
      '--user',
      '1000:1000',
      ...envArgs({
        KAFKA_BROKERS: env.kafkaBrokers.join(','),
        OPENSEARCH_URL: env.openSearchUrl,
        KAFKA_TOPIC_PREFIX: prefix,
        OPENSEARCH_INDEX_PREFIX: prefix,
      }),
      `localhost/callrecords-provisioner:${VERSION}`,
    ]);
    const alias = await fetch(`${env.openSearchUrl}/_alias/${prefix}callrecords-records`);

    expect(run.code).toBe(0);
    expect(alias.status).toBe(200);
  });
});
