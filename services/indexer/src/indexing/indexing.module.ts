import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { IndexingConsumer } from './indexing.consumer';
import type { IndexingDeps } from './indexing.consumer';

/** The indexing capability: one consumer feeding the bulk writer. */
@Module({})
export class IndexingModule {
  static forRoot(deps: IndexingDeps): DynamicModule {
    return {
      module: IndexingModule,
      providers: [{ provide: IndexingConsumer, useFactory: () => new IndexingConsumer(deps) }],
    };
  }
}
