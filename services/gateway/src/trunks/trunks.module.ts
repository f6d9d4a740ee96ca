import { Module } from '@nestjs/common';

import { CallRecordsModule } from '../call-records/call-records.module';
import { DirectRoutingRowLoaders } from './direct-routing-call.loader';
import {
  CallRecordDirectRoutingResolver,
  DirectRoutingCallJoinResolver,
  TrunksResolver,
} from './trunks.resolver';
import { TrunksRepository } from './trunks.repository';

/** Direct Routing rows joined to their call records, and call quality per trunk. */
@Module({
  imports: [CallRecordsModule],
  providers: [
    TrunksRepository,
    DirectRoutingRowLoaders,
    TrunksResolver,
    DirectRoutingCallJoinResolver,
    CallRecordDirectRoutingResolver,
  ],
})
export class TrunksModule {}
