/** Where the tests' Kafka and OpenSearch are, as resolved by the global setup (or given by the caller). */
export interface TestEnv {
  readonly kafkaBrokers: readonly string[];
  readonly openSearchUrl: string;
  /** `env` (KAFKA_BROKERS/OPENSEARCH_URL given), `testcontainers` or `local-stack`. */
  readonly source: TestEnvSource;
}

export type TestEnvSource = 'env' | 'testcontainers' | 'local-stack';

const SOURCE_VAR = 'CALLRECORDS_TEST_ENV_SOURCE';

/** Reads the services the global setup exported; throws with a hint when a test runs without it. */
export function getTestEnv(env: NodeJS.ProcessEnv = process.env): TestEnv {
  const brokers = env['KAFKA_BROKERS'];
  const openSearchUrl = env['OPENSEARCH_URL'];
  if (!brokers || !openSearchUrl) {
    throw new Error(
      'KAFKA_BROKERS and OPENSEARCH_URL are not set: run tests through `npm test` (its global setup ' +
        'starts or finds the services), or export both variables to point at services you run.',
    );
  }
  return {
    kafkaBrokers: parseBrokers(brokers),
    openSearchUrl: openSearchUrl.replace(/\/+$/, ''),
    source: parseSource(env[SOURCE_VAR]),
  };
}

/** Exports a resolved environment so that Jest workers (spawned after global setup) inherit it. */
export function exportTestEnv(testEnv: TestEnv, env: NodeJS.ProcessEnv = process.env): void {
  env['KAFKA_BROKERS'] = testEnv.kafkaBrokers.join(',');
  env['OPENSEARCH_URL'] = testEnv.openSearchUrl;
  env[SOURCE_VAR] = testEnv.source;
}

export function parseBrokers(value: string): string[] {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  const invalid = brokers.filter((broker) => !/^[^\s:]+:\d{1,5}$/.test(broker));
  if (brokers.length === 0 || invalid.length > 0) {
    throw new Error(`KAFKA_BROKERS must be host:port[,host:port…], got "${value}"`);
  }
  return brokers;
}

function parseSource(value: string | undefined): TestEnvSource {
  return value === 'testcontainers' || value === 'local-stack' ? value : 'env';
}
