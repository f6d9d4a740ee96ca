import { Module } from '@nestjs/common';

import { ReportPoller } from './report-poller.service';

/** PSTN and Direct Routing reports → row topics, with event-sourced watermarks. */
@Module({ providers: [ReportPoller], exports: [ReportPoller] })
export class ReportsModule {}
