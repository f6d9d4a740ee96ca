import { describe, expect, it } from '@jest/globals';

import { exportTestEnv, getTestEnv, parseBrokers } from './test-env';

describe(getTestEnv.name, () => {
  it('reads brokers and the OpenSearch URL exported by the global setup', () => {
    const env: NodeJS.ProcessEnv = {};
    exportTestEnv(
      {
        kafkaBrokers: ['h1:9092', 'h2:9092'],
        openSearchUrl: 'http://o:9200',
        source: 'local-stack',
      },
      env,
    );

    const testEnv = getTestEnv(env);

    expect(testEnv).toEqual({
      kafkaBrokers: ['h1:9092', 'h2:9092'],
      openSearchUrl: 'http://o:9200',
      source: 'local-stack',
    });
  });

  it('drops a trailing slash from the OpenSearch URL', () => {
    const testEnv = getTestEnv({ KAFKA_BROKERS: 'k:9092', OPENSEARCH_URL: 'http://o:9200/' });

    expect(testEnv.openSearchUrl).toBe('http://o:9200');
  });

  it('explains how to run tests when the services are not set', () => {
    expect(() => getTestEnv({})).toThrow(/npm test/);
  });
});

describe(parseBrokers.name, () => {
  it.each([
    ['127.0.0.1:9092', ['127.0.0.1:9092']],
    [' a:1 , b:2 ', ['a:1', 'b:2']],
  ])('parses %j', (value, expected) => {
    expect(parseBrokers(value)).toEqual(expected);
  });

  it.each(['', 'localhost', 'a:1,b', 'a:port'])('rejects %j', (value) => {
    expect(() => parseBrokers(value)).toThrow(/host:port/);
  });
});
