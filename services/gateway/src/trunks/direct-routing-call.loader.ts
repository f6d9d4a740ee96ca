import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';

import type { DirectRoutingCallDocument } from '@callrecords/contracts';

import type { TenantScope } from '../domain/tenant-scope';
import type { GatewayContext } from '../graphql/gateway-context.types';
import { TrunksRepository } from './trunks.repository';

const LOADER_KEY = Symbol('direct-routing-rows-by-record-loader');

type RowsLoader = DataLoader<string, DirectRoutingCallDocument[]>;

/** Per-operation DataLoader of Direct Routing rows by call record id: one terms query per page. */
@Injectable()
export class DirectRoutingRowLoaders {
  constructor(private readonly repository: TrunksRepository) {}

  forOperation(context: GatewayContext, scope: TenantScope): RowsLoader {
    const existing = context.loaders.get(LOADER_KEY) as RowsLoader | undefined;
    if (existing) {
      return existing;
    }
    const loader: RowsLoader = new DataLoader(
      async (ids) => {
        const found = await this.repository.rowsOfRecords(scope, ids);
        return ids.map((id) => found.get(id) ?? []);
      },
      { maxBatchSize: 200 },
    );
    context.loaders.set(LOADER_KEY, loader);
    return loader;
  }
}
