import { Module } from '@nestjs/common';

import { TimeSeriesRepository } from './time-series.repository';
import { TimeSeriesResolver } from './time-series.resolver';

@Module({ providers: [TimeSeriesRepository, TimeSeriesResolver] })
export class TimeSeriesModule {}
