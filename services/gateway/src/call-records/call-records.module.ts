import { Module } from '@nestjs/common';

import { CallRecordLoaders } from './call-record.loader';
import { CallRecordsRepository } from './call-records.repository';
import { CallRecordsResolver } from './call-records.resolver';

@Module({
  providers: [CallRecordsRepository, CallRecordLoaders, CallRecordsResolver],
  exports: [CallRecordLoaders],
})
export class CallRecordsModule {}
