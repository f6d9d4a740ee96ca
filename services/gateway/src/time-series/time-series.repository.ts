import { Injectable } from '@nestjs/common';
import type { z } from 'zod';

import { ROLLUP_DOCUMENT_SCHEMAS } from '@callrecords/contracts';
import type { RollupMetric } from '@callrecords/contracts';

import { limitExceeded } from '../domain/gateway.errors';
import { ROLLUP_SORT, rollupQuery } from '../domain/rollup-query';
import type { TimeSeriesRequest } from '../domain/rollup-query';
import type { TenantScope } from '../domain/tenant-scope';
import { scopedQuery } from '../domain/tenant-scope';
import { SearchService } from '../search/search.service';

/** OpenSearch's default max_result_window: one series answer is one search. */
const MAX_POINTS = 10_000;
const MAX_BUCKETS = 2_000;

type RollupDocumentOf<M extends RollupMetric> = z.infer<(typeof ROLLUP_DOCUMENT_SCHEMAS)[M]>;

/** Reads the aggregator's rollup indexes through their contract, scoped to one tenant. */
@Injectable()
export class TimeSeriesRepository {
  constructor(private readonly search: SearchService) {}

  async series<M extends RollupMetric>(
    scope: TenantScope,
    request: TimeSeriesRequest & { readonly metric: M },
  ): Promise<RollupDocumentOf<M>[]> {
    const query = rollupQuery(request, scope.access, MAX_BUCKETS);
    const result = await this.search.search(
      { kind: 'rollup', metric: request.metric, interval: request.interval },
      scopedQuery(scope, {
        ...(query ? { query } : {}),
        sort: ROLLUP_SORT,
        size: MAX_POINTS,
        trackTotalHits: true,
      }),
    );
    if (result.total > MAX_POINTS) {
      throw limitExceeded(`more than ${MAX_POINTS} points: narrow the range or the values`);
    }
    const schema = ROLLUP_DOCUMENT_SCHEMAS[request.metric];
    return result.hits.map((hit) => schema.parse(hit.source) as RollupDocumentOf<M>);
  }
}
