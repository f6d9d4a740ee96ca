import { Injectable } from '@nestjs/common';
import type DataLoader from 'dataloader';

import type { DirectRoutingCallDocument } from '@callrecords/contracts';

import type { TenantScope } from '../domain/tenant-scope';
import type { GatewayContext } from '../graphql/gateway-context.types';
import { operationLoader } from '../graphql/operation-loader';
import { TrunksRepository } from './trunks.repository';

const LOADER_KEY = Symbol('direct-routing-rows-by-record-loader');

/** Per-operation DataLoader of Direct Routing rows by call record id: one terms query per page. */
@Injectable()
export class DirectRoutingRowLoaders {
  constructor(private readonly repository: TrunksRepository) {}

  forOperation(
    context: GatewayContext,
    scope: TenantScope,
  ): DataLoader<string, DirectRoutingCallDocument[]> {
    return operationLoader(context, LOADER_KEY, {
      batch: async (ids: readonly string[]) => {
        const found = await this.repository.rowsOfRecords(scope, ids);
        return ids.map((id) => found.get(id) ?? []);
      },
      maxBatchSize: 200,
    });
  }
}
