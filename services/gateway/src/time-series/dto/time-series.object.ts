import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

import type {
  CallsRollupDocument,
  DirectRoutingRollupDocument,
  PstnRollupDocument,
  StreamsRollupDocument,
} from '@callrecords/contracts';

@ObjectType({ isAbstract: true })
class PointBase {
  @Field({ description: 'Bucket start (UTC).' })
  bucketStart!: string;
  @Field({ description: 'The dimension value (`all` for total).' })
  value!: string;
}

@ObjectType('UsagePoint', { description: 'Calls in one bucket (rollup `calls`).' })
export class UsagePointObject extends PointBase {
  @Field(() => Int)
  calls!: number;
  @Field(() => Float)
  minutes!: number;
  @Field(() => Int)
  classifiedCalls!: number;
  @Field(() => Int)
  poorCalls!: number;
  @Field(() => Float, { nullable: true })
  poorCallRatio!: number | null;
}

@ObjectType('QualityPoint', { description: 'Stream quality in one bucket (rollup `streams`).' })
export class QualityPointObject extends PointBase {
  @Field(() => Int)
  streams!: number;
  @Field(() => Int)
  classifiedStreams!: number;
  @Field(() => Int)
  poorStreams!: number;
  @Field(() => Float, { nullable: true, description: 'CQD "Poor %" (0..1).' })
  poorStreamRatio!: number | null;
  @Field(() => Float, { nullable: true })
  jitterP50Ms!: number | null;
  @Field(() => Float, { nullable: true })
  jitterP95Ms!: number | null;
  @Field(() => Float, { nullable: true })
  roundTripP50Ms!: number | null;
  @Field(() => Float, { nullable: true })
  roundTripP95Ms!: number | null;
  @Field(() => Float, { nullable: true })
  packetLossRateP50!: number | null;
  @Field(() => Float, { nullable: true })
  packetLossRateP95!: number | null;
}

@ObjectType('PstnPoint', { description: 'PSTN minutes and charge in one bucket (rollup `pstn`).' })
export class PstnPointObject extends PointBase {
  @Field(() => Int)
  calls!: number;
  @Field(() => Float)
  minutes!: number;
  @Field(() => Float)
  charge!: number;
}

@ObjectType('DirectRoutingPoint', { description: 'Direct Routing calls in one bucket.' })
export class DirectRoutingPointObject extends PointBase {
  @Field(() => Int)
  calls!: number;
  @Field(() => Float)
  minutes!: number;
  @Field(() => Int)
  successes!: number;
  @Field(() => Int)
  failures!: number;
  @Field(() => Float, { nullable: true })
  failureRatio!: number | null;
}

export function toUsagePoint(doc: CallsRollupDocument): UsagePointObject {
  return {
    bucketStart: doc.bucketStart,
    value: doc.value,
    calls: doc.calls,
    minutes: doc.minutes,
    classifiedCalls: doc.classifiedCalls,
    poorCalls: doc.poorCalls,
    poorCallRatio: doc.poorCallRatio,
  };
}

export function toQualityPoint(doc: StreamsRollupDocument): QualityPointObject {
  return {
    bucketStart: doc.bucketStart,
    value: doc.value,
    streams: doc.streams,
    classifiedStreams: doc.classifiedStreams,
    poorStreams: doc.poorStreams,
    poorStreamRatio: doc.poorStreamRatio,
    jitterP50Ms: doc.jitterMs.p50,
    jitterP95Ms: doc.jitterMs.p95,
    roundTripP50Ms: doc.roundTripMs.p50,
    roundTripP95Ms: doc.roundTripMs.p95,
    packetLossRateP50: doc.packetLossRate.p50,
    packetLossRateP95: doc.packetLossRate.p95,
  };
}

export function toPstnPoint(doc: PstnRollupDocument): PstnPointObject {
  return {
    bucketStart: doc.bucketStart,
    value: doc.value,
    calls: doc.calls,
    minutes: doc.minutes,
    charge: doc.charge,
  };
}

export function toDirectRoutingPoint(doc: DirectRoutingRollupDocument): DirectRoutingPointObject {
  return {
    bucketStart: doc.bucketStart,
    value: doc.value,
    calls: doc.calls,
    minutes: doc.minutes,
    successes: doc.successes,
    failures: doc.failures,
    failureRatio: doc.failureRatio,
  };
}
