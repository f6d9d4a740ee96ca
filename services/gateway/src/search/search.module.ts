import { Global, Module } from '@nestjs/common';

import { PagedSearchService } from './paged-search.service';
import { SearchService } from './search.service';

@Global()
@Module({
  providers: [SearchService, PagedSearchService],
  exports: [SearchService, PagedSearchService],
})
export class SearchModule {}
