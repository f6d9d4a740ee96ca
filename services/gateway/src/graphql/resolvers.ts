import { CallRecordsResolver } from '../call-records/call-records.resolver';
import { ErasureResolver } from '../erasure/erasure.resolver';
import { LiveResolver } from '../live/live.resolver';
import { ReportsResolver } from '../reports/reports.resolver';
import { StreamsResolver } from '../streams/streams.resolver';
import { TimeSeriesResolver } from '../time-series/time-series.resolver';
import {
  CallRecordDirectRoutingResolver,
  DirectRoutingCallJoinResolver,
  TrunksResolver,
} from '../trunks/trunks.resolver';

/** Every resolver class of the API: the schema is generated from these (schema.spec.ts checks it). */
export const RESOLVERS = [
  CallRecordsResolver,
  StreamsResolver,
  ReportsResolver,
  TimeSeriesResolver,
  LiveResolver,
  TrunksResolver,
  DirectRoutingCallJoinResolver,
  CallRecordDirectRoutingResolver,
  ErasureResolver,
] as const;
