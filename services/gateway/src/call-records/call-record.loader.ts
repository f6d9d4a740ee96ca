import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';

import type { CallRecordDocument } from '@callrecords/contracts';

import type { TenantScope } from '../domain/tenant-scope';
import type { GatewayContext } from '../graphql/gateway-context.types';
import { operationLoader } from '../graphql/operation-loader';
import { CallRecordsRepository } from './call-records.repository';

const LOADER_KEY = Symbol('call-record-loader');

/**
 * Per-operation DataLoader of call records by id: every `callRecord(id)` and every
 * `Stream.callRecord` of one operation become one terms query (and one per id at most once).
 */
@Injectable()
export class CallRecordLoaders {
  constructor(private readonly repository: CallRecordsRepository) {}

  forOperation(
    context: GatewayContext,
    scope: TenantScope,
  ): DataLoader<string, CallRecordDocument | null> {
    return operationLoader(context, LOADER_KEY, {
      batch: async (ids: readonly string[]) => {
        const found = await this.repository.findByIds(scope, ids);
        return ids.map((id) => found.get(id) ?? null);
      },
      maxBatchSize: 500,
    });
  }
}
