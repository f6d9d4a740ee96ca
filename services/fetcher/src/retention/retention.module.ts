import { Module } from '@nestjs/common';

import { TopicRetentionService } from './topic-retention.service';

/** Tombstones the calls past their tenant's retention in the fetcher's topics. */
@Module({ providers: [TopicRetentionService], exports: [TopicRetentionService] })
export class RetentionModule {}
