import { Injectable } from '@nestjs/common';

import { DirectRoutingCallDocumentSchema } from '@callrecords/contracts';
import type { DirectRoutingCallDocument } from '@callrecords/contracts';

import type { TenantScope } from '../domain/tenant-scope';
import { scopedQuery } from '../domain/tenant-scope';
import {
  EMPTY_TRUNK_QUALITY,
  toTrunkCalls,
  toTrunkQualitySeries,
  trunkCallsSearch,
  trunkQualityRollupSearch,
} from '../domain/trunk-quality';
import type { TrunkInterval, TrunkQualityFilter } from '../domain/trunk-quality';
import { SearchService } from '../search/search.service';
import { toTrunkQualityObject } from './dto/trunk-quality.object';
import type { TrunkQualityObject } from './dto/trunk-quality.object';

const DIRECT_ROUTING = { kind: 'index', id: 'directRoutingCalls' } as const;
/** Rows of one call record: a call has one row per Direct Routing leg, a handful at most. */
const MAX_ROWS_PER_RECORD = 20;

/** Joins `callrecords-directrouting-calls` to the records by correlationId; trunk quality. */
@Injectable()
export class TrunksRepository {
  constructor(private readonly search: SearchService) {}

  /** The Direct Routing rows of each call record id (a row's correlationId is its record's id). */
  async rowsOfRecords(
    scope: TenantScope,
    callRecordIds: readonly string[],
  ): Promise<Map<string, DirectRoutingCallDocument[]>> {
    const ids = [...new Set(callRecordIds)];
    const result = await this.search.search(
      DIRECT_ROUTING,
      scopedQuery(scope, {
        query: { terms: { correlationId: ids } },
        sort: [{ startDateTime: { order: 'asc' } }, { id: { order: 'asc' } }],
        size: ids.length * MAX_ROWS_PER_RECORD,
      }),
    );
    const byRecord = new Map<string, DirectRoutingCallDocument[]>();
    for (const hit of result.hits) {
      const row = DirectRoutingCallDocumentSchema.parse(hit.source);
      const key = row.correlationId ?? '';
      byRecord.set(key, [...(byRecord.get(key) ?? []), row]);
    }
    return byRecord;
  }

  /** Per trunk: calls and failures (rows), and the quality of its calls (rollup), over and per bucket. */
  async trunkQuality(
    scope: TenantScope,
    request: { filter: TrunkQualityFilter; interval: TrunkInterval },
  ): Promise<TrunkQualityObject[]> {
    const rows = trunkCallsSearch(request.filter);
    const answer = await this.search.search(
      DIRECT_ROUTING,
      scopedQuery(scope, { ...(rows.query ? { query: rows.query } : {}), aggs: rows.aggs }),
    );
    const trunks = toTrunkCalls(answer.aggregations);
    if (trunks.length === 0) {
      return [];
    }
    const rollup = trunkQualityRollupSearch(
      request.filter,
      trunks.map((t) => t.trunk),
    );
    const quality = await this.search.search(
      { kind: 'trunk-quality-rollup', interval: request.interval },
      scopedQuery(scope, { ...(rollup.query ? { query: rollup.query } : {}), aggs: rollup.aggs }),
    );
    const byTrunk = toTrunkQualitySeries(quality.aggregations);
    return trunks.map((calls) =>
      toTrunkQualityObject(calls, byTrunk.get(calls.trunk) ?? EMPTY_TRUNK_QUALITY),
    );
  }
}
