import { Inject, Injectable } from '@nestjs/common';

import { indexNames, rollupIndexName, trunkQualityRollupIndexName } from '@callrecords/contracts';
import type { IndexId, RollupInterval, RollupMetric } from '@callrecords/contracts';
import { search } from '@callrecords/opensearch';
import type { OpenSearchClient, SearchResult } from '@callrecords/opensearch';
import { Histogram, METRICS_REGISTRY } from '@callrecords/service-kit';
import type { Registry } from '@callrecords/service-kit';

import type { ScopedQuery } from '../domain/tenant-scope';
import type { GatewayConfig } from '../config';
import { GATEWAY_CONFIG, OPENSEARCH_CLIENT } from '../gateway.constants';

export type SearchTarget =
  | { readonly kind: 'index'; readonly id: IndexId }
  | { readonly kind: 'rollup'; readonly metric: RollupMetric; readonly interval: RollupInterval }
  | { readonly kind: 'trunk-quality-rollup'; readonly interval: RollupInterval };

/**
 * The only door to OpenSearch for repositories: it takes a ScopedQuery (tenant filter inside), reads
 * through the contract's read aliases, applies the query timeout and times every request.
 */
@Injectable()
export class SearchService {
  private readonly duration: Histogram<'target' | 'outcome'>;

  constructor(
    @Inject(OPENSEARCH_CLIENT) private readonly client: OpenSearchClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.duration = new Histogram({
      name: 'callrecords_gateway_search_duration_seconds',
      help: 'OpenSearch searches of the gateway, by target index and outcome',
      labelNames: ['target', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  async search(target: SearchTarget, query: ScopedQuery): Promise<SearchResult> {
    const label = labelOf(target);
    const stop = this.duration.startTimer({ target: label });
    try {
      const result = await search(this.client, {
        index: this.indexOf(target),
        body: query.body,
        timeoutMs: this.config.GATEWAY_QUERY_TIMEOUT_MS,
      });
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      stop({ outcome: 'error' });
      throw error;
    }
  }

  private indexOf(target: SearchTarget): string {
    const prefix = this.config.OPENSEARCH_INDEX_PREFIX;
    switch (target.kind) {
      case 'index':
        return indexNames(prefix)[target.id].readAlias;
      case 'rollup':
        return rollupIndexName(target.metric, target.interval, prefix);
      case 'trunk-quality-rollup':
        return trunkQualityRollupIndexName(target.interval, prefix);
    }
  }
}

function labelOf(target: SearchTarget): string {
  switch (target.kind) {
    case 'index':
      return target.id;
    case 'rollup':
      return `rollup-${target.metric}-${target.interval}`;
    case 'trunk-quality-rollup':
      return `rollup-trunk-quality-${target.interval}`;
  }
}
