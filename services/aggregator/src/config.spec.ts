import { ConfigError, loadConfig } from '@callrecords/service-kit';

import { aggregatorConfigSchema } from './config';

const REQUIRED = { KAFKA_BROKERS: '127.0.0.1:9092', OPENSEARCH_URL: 'http://127.0.0.1:9200' };

describe('aggregatorConfigSchema', () => {
  it('boots on the required keys alone, with the documented defaults', () => {
    const config = loadConfig(aggregatorConfigSchema, REQUIRED);

    expect(config).toMatchObject({
      AGGREGATOR_PORT: 4103,
      AGGREGATOR_BATCH_SIZE: 2000,
      AGGREGATOR_PIPELINE_DEPTH: 2,
      AGGREGATOR_CONCURRENT_PARTITIONS: 3,
      AGGREGATOR_POOR_CALL_RATIO: 0.1,
    });
    expect([...config.AGGREGATOR_EMERGENCY_NUMBERS]).toContain('911');
  });

  it('parses sites as subnet → site', () => {
    const config = loadConfig(aggregatorConfigSchema, {
      ...REQUIRED,
      AGGREGATOR_SITES: 'hq=10.0.1.0|10.0.2.0;lab=10.9.0.0',
    });

    expect([...config.AGGREGATOR_SITES]).toEqual([
      ['10.0.1.0', 'hq'],
      ['10.0.2.0', 'hq'],
      ['10.9.0.0', 'lab'],
    ]);
  });

  it('lists every bad key at once', () => {
    const load = () =>
      loadConfig(aggregatorConfigSchema, {
        ...REQUIRED,
        AGGREGATOR_POOR_CALL_RATIO: '2',
        AGGREGATOR_SITES: 'nonsense',
        AGGREGATOR_ALERT_WEBHOOK_URL: 'ftp://x',
      });

    expect(load).toThrow(ConfigError);
    expect(() => load()).toThrow(
      /AGGREGATOR_POOR_CALL_RATIO[\s\S]*AGGREGATOR_SITES|AGGREGATOR_SITES[\s\S]*AGGREGATOR_POOR_CALL_RATIO/,
    );
  });
});
