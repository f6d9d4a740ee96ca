import { describe, expect, it } from '@jest/globals';

import { Counter, createMetricsRegistry } from './metrics';

describe(createMetricsRegistry.name, () => {
  it('labels every series with the service', async () => {
    const registry = createMetricsRegistry({ service: 'indexer', defaultMetrics: false });
    const counter = new Counter({
      name: 'callrecords_test_total',
      help: 'test',
      registers: [registry],
    });

    counter.inc();
    const text = await registry.metrics();

    expect(text).toContain('callrecords_test_total{service="indexer"} 1');
  });

  it('collects process metrics when asked', async () => {
    const registry = createMetricsRegistry({ service: 'indexer' });

    const text = await registry.metrics();

    expect(text).toContain('callrecords_process_resident_memory_bytes');
  });
});
