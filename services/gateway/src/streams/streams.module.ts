import { Module } from '@nestjs/common';

import { CallRecordsModule } from '../call-records/call-records.module';
import { StreamsRepository } from './streams.repository';
import { StreamsResolver } from './streams.resolver';

@Module({ imports: [CallRecordsModule], providers: [StreamsRepository, StreamsResolver] })
export class StreamsModule {}
