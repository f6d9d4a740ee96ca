import { Module } from '@nestjs/common';

import { LiveFeedConsumer, liveFeedOptionsProvider } from './live-feed.consumer';
import { LiveFeed } from './live-feed.service';
import { LiveResolver } from './live.resolver';

@Module({
  providers: [LiveFeed, liveFeedOptionsProvider, LiveFeedConsumer, LiveResolver],
  exports: [LiveFeed],
})
export class LiveModule {}
