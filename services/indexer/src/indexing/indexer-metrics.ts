import { Counter } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

/** The indexer's own counters (the bulk writer and consumer runner add theirs). */
export interface IndexerMetrics {
  readonly documents: Counter<'index' | 'outcome'>;
  readonly retries: Counter<'reason'>;
}

const cache = new WeakMap<Registry, IndexerMetrics>();

/** One set of counters per registry (a test may boot several indexers on separate registries). */
export function indexerMetricsFor(registry: Registry): IndexerMetrics {
  const known = cache.get(registry);
  if (known) {
    return known;
  }
  const metrics = {
    documents: new Counter({
      name: 'callrecords_indexer_documents_total',
      help: 'Documents sent to OpenSearch by final outcome (written, stale, poison)',
      labelNames: ['index', 'outcome'] as const,
      registers: [registry],
    }),
    retries: new Counter({
      name: 'callrecords_indexer_retries_total',
      help: 'Documents sent again after a retryable failure (item 429/rejected, or the whole bulk)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
