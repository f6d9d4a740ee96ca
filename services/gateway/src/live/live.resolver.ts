import { Args, Resolver, Subscription } from '@nestjs/graphql';

import { Tenant } from '../auth/tenant.decorator';
import type { TenantScope } from '../domain/tenant-scope';
import {
  acceptsCallRecordEvent,
  AlertObject,
  AlertRaisedArgs,
  CallRecordEventObject,
  CallRecordIndexedArgs,
  toAlertObject,
  toCallRecordEventObject,
} from './dto/live.object';
import { LiveFeed } from './live-feed.service';

/** Subscriptions over graphql-ws (`graphql-transport-ws`), tenant-scoped, fed from Kafka. */
@Resolver()
export class LiveResolver {
  constructor(private readonly feed: LiveFeed) {}

  @Subscription(() => CallRecordEventObject, {
    description: 'Call record versions of your tenant as they enter the pipeline.',
  })
  callRecordIndexed(
    @Tenant() scope: TenantScope,
    @Args() args: CallRecordIndexedArgs,
  ): AsyncIterableIterator<{ callRecordIndexed: CallRecordEventObject }> {
    return this.feed.subscribe(scope, 'CallRecordFetched', {
      accept: (event) => acceptsCallRecordEvent(args.filter, event),
      toPayload: (event) => ({ callRecordIndexed: toCallRecordEventObject(event) }),
    });
  }

  @Subscription(() => AlertObject, {
    description: 'Alerts of your tenant as the aggregator raises them.',
  })
  alertRaised(
    @Tenant() scope: TenantScope,
    @Args() args: AlertRaisedArgs,
  ): AsyncIterableIterator<{ alertRaised: AlertObject }> {
    return this.feed.subscribe(scope, 'AlertRaised', {
      accept: (event) => !args.severities || args.severities.includes(event.payload.severity),
      toPayload: (event) => ({ alertRaised: toAlertObject(event) }),
    });
  }
}
