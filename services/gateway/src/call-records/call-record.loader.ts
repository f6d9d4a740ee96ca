import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';

import type { CallRecordDocument } from '@callrecords/contracts';

import type { TenantScope } from '../domain/tenant-scope';
import type { GatewayContext } from '../graphql/gateway-context.types';
import { CallRecordsRepository } from './call-records.repository';

const LOADER_KEY = Symbol('call-record-loader');

type CallRecordLoader = DataLoader<string, CallRecordDocument | null>;

/**
 * Per-operation DataLoader of call records by id: every `callRecord(id)` and every
 * `Stream.callRecord` of one operation become one terms query (and one per id at most once).
 */
@Injectable()
export class CallRecordLoaders {
  constructor(private readonly repository: CallRecordsRepository) {}

  forOperation(context: GatewayContext, scope: TenantScope): CallRecordLoader {
    const existing = context.loaders.get(LOADER_KEY) as CallRecordLoader | undefined;
    if (existing) {
      return existing;
    }
    const loader: CallRecordLoader = new DataLoader(
      async (ids) => {
        const found = await this.repository.findByIds(scope, ids);
        return ids.map((id) => found.get(id) ?? null);
      },
      { maxBatchSize: 500 },
    );
    context.loaders.set(LOADER_KEY, loader);
    return loader;
  }
}
