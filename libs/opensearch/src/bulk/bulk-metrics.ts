import { Counter, Histogram } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

import type { BulkItemStatus } from './bulk-item';

/** How a whole bulk request ended: answered, or failed retryably or permanently. */
export type BulkOutcome = 'answered' | 'retryable' | 'permanent';

export interface BulkMetrics {
  readonly observeBulk: (outcome: BulkOutcome, seconds: number) => void;
  readonly countItem: (status: BulkItemStatus) => void;
}

// Registered once per registry: several writers in one process share the series.
const perRegistry = new WeakMap<Registry, BulkMetrics>();

/** The bulk latency histogram and item counter on `registry`; no-ops without a registry. */
export function bulkMetricsFor(registry: Registry | undefined): BulkMetrics {
  if (!registry) {
    return { observeBulk: () => undefined, countItem: () => undefined };
  }
  const existing = perRegistry.get(registry);
  if (existing) {
    return existing;
  }
  const metrics = createBulkMetrics(registry);
  perRegistry.set(registry, metrics);
  return metrics;
}

function createBulkMetrics(registry: Registry): BulkMetrics {
  const latency = new Histogram({
    name: 'callrecords_opensearch_bulk_duration_seconds',
    help: 'Duration of one bulk request, by outcome (answered, retryable, permanent)',
    labelNames: ['outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const items = new Counter({
    name: 'callrecords_opensearch_bulk_items_total',
    help: 'Documents sent in bulk requests, by status (written, stale, retryable, poison)',
    labelNames: ['status'],
    registers: [registry],
  });
  return {
    observeBulk: (outcome, seconds) => latency.observe({ outcome }, seconds),
    countItem: (status) => items.inc({ status }),
  };
}
