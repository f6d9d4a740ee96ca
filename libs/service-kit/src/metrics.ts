import { Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  readonly service: string;
  /** Process metrics (CPU, memory, event loop lag); off in tests that count series. */
  readonly defaultMetrics?: boolean;
}

/** One Prometheus registry per process, labelled with the service; adapters register their metrics on it. */
export function createMetricsRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics ?? true) {
    collectDefaultMetrics({ register: registry, prefix: 'callrecords_' });
  }
  return registry;
}

export { Counter, Gauge, Histogram, Registry } from 'prom-client';
