import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';

import type { CallRecordDocument } from '@callrecords/contracts';

import type { TenantScope } from '../domain/tenant-scope';
import type { GatewayContext } from '../graphql/gateway-context.types';
import { operationLoader } from '../graphql/operation-loader';
import type { CallRecordLookup } from './call-record-lookup.decorator';
import { CallRecordsRepository } from './call-records.repository';

const LOADER_KEY = Symbol('call-record-loader');

/** A record to load, with the stored fields its selection reads (undefined: all of them). */
export interface CallRecordKey {
  readonly id: string;
  readonly fields: readonly string[] | undefined;
}

/** Every field of every key of a batch: one search serves all of them. */
function unionOf(keys: readonly CallRecordKey[]): readonly string[] | undefined {
  const union = new Set<string>();
  for (const key of keys) {
    if (key.fields === undefined) {
      return undefined;
    }
    key.fields.forEach((field) => union.add(field));
  }
  return [...union].sort();
}

/**
 * Per-operation DataLoader of call records by id: every `callRecord(id)` and every
 * `Stream.callRecord` of one operation become one terms query (and one per id at most once),
 * fetching the fields any of them selects.
 */
@Injectable()
export class CallRecordLoaders {
  constructor(private readonly repository: CallRecordsRepository) {}

  /** The record `id` (null when the tenant has none), with the fields `lookup` selects. */
  load(
    scope: TenantScope,
    lookup: CallRecordLookup,
    id: string,
  ): Promise<CallRecordDocument | null> {
    return this.forOperation(lookup.context, scope).load({ id, fields: lookup.fields });
  }

  private forOperation(
    context: GatewayContext,
    scope: TenantScope,
  ): DataLoader<CallRecordKey, CallRecordDocument | null, string> {
    return operationLoader(context, LOADER_KEY, {
      batch: async (keys: readonly CallRecordKey[]) => {
        const ids = keys.map((key) => key.id);
        const found = await this.repository.findByIds(scope, ids, unionOf(keys));
        return ids.map((id) => found.get(id) ?? null);
      },
      maxBatchSize: 500,
      cacheKeyFn: (key) => `${key.id} ${key.fields?.join(',') ?? '*'}`,
    });
  }
}
