import { Module } from '@nestjs/common';

import { ReportsRepository } from './reports.repository';
import { ReportsResolver } from './reports.resolver';

@Module({ providers: [ReportsRepository, ReportsResolver] })
export class ReportsModule {}
