import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';

import type { CallRecordDocument } from '@callrecords/contracts';

import { redact } from '../../domain/access-policy';
import type { Access } from '../../domain/tenant-scope';
import { sourceFieldsOf } from '../../graphql/selected-fields';
import type { SelectionInfo } from '../../graphql/selected-fields';
import type { JsonRecord } from './graph-json';

@ObjectType('Party', { description: 'A person on a call. Personal: null without full access.' })
export class PartyObject {
  @Field(() => String, { nullable: true })
  id!: string | null;
  @Field(() => String, { nullable: true })
  displayName!: string | null;
  @Field(() => String, { nullable: true })
  userPrincipalName!: string | null;
  @Field(() => String, { nullable: true })
  phone!: string | null;
}

@ObjectType('Participants', {
  description: 'Everyone on the call, deduplicated. Personal: null without full access.',
})
export class ParticipantsObject {
  @Field(() => [String], { description: 'Entra object ids and phone numbers.' })
  ids!: string[];
  @Field(() => [String])
  names!: string[];
  @Field(() => [String])
  userPrincipalNames!: string[];
  @Field(() => [String])
  phoneNumbers!: string[];
}

@ObjectType('CallQuality', {
  description:
    'CQD classification of the call streams (libs/contracts/graph-reference/QUALITY.md).',
})
export class CallQualityObject {
  @Field()
  isPoor!: boolean;
  @Field(() => [String])
  poorReasons!: string[];
  @Field()
  ruleSet!: string;
  @Field(() => Int)
  classifiedStreamCount!: number;
  @Field(() => Int)
  poorStreamCount!: number;
  @Field(() => Float, { nullable: true })
  worstJitterMs!: number | null;
  @Field(() => Float, { nullable: true })
  averageJitterMs!: number | null;
  @Field(() => Float, { nullable: true })
  worstRoundTripMs!: number | null;
  @Field(() => Float, { nullable: true })
  averageRoundTripMs!: number | null;
  @Field(() => Float, { nullable: true })
  worstPacketLossRate!: number | null;
  @Field(() => Float, { nullable: true })
  averagePacketLossRate!: number | null;
  @Field(() => Float, { nullable: true })
  worstAudioDegradation!: number | null;
  @Field(() => Float, { nullable: true })
  averageAudioDegradation!: number | null;
}

@ObjectType('CallRecord', { description: 'A Teams call or meeting at its latest version.' })
export class CallRecordObject {
  @Field(() => ID)
  id!: string;
  @Field(() => Int)
  version!: number;
  @Field()
  type!: string;
  @Field(() => [String])
  modalities!: string[];
  @Field()
  startDateTime!: string;
  @Field()
  endDateTime!: string;
  @Field(() => Float, { nullable: true })
  durationSeconds!: number | null;
  @Field()
  lastModifiedDateTime!: string;
  @Field(() => String, { nullable: true, description: 'Personal: null without full access.' })
  joinWebUrl!: string | null;
  @Field(() => PartyObject, { nullable: true, description: 'Null without full access.' })
  organizer!: PartyObject | null;
  @Field(() => ParticipantsObject, { nullable: true, description: 'Null without full access.' })
  participants!: ParticipantsObject | null;
  @Field(() => Int)
  participantCount!: number;
  @Field(() => Int)
  sessionCount!: number;
  @Field(() => Int)
  segmentCount!: number;
  @Field(() => Int)
  streamCount!: number;
  @Field(() => CallQualityObject)
  quality!: CallQualityObject;
  @Field(() => [String])
  platforms!: string[];
  @Field(() => [String])
  productFamilies!: string[];
  @Field(() => [String])
  networkConnectionTypes!: string[];
  @Field()
  hasFailure!: boolean;
  @Field(() => [String])
  failureStages!: string[];
  @Field(() => [String])
  feedbackRatings!: string[];
  @Field()
  isTest!: boolean;

  // Not GraphQL fields: what the field resolvers (sessions, graphRecord) need.
  raw!: JsonRecord;
  access!: Access;
}

type DocumentField = keyof CallRecordDocument;
type Table<Keys extends string> = Readonly<Record<Keys, readonly DocumentField[]>>;

const QUALITY_SOURCE_FIELDS: Table<keyof CallQualityObject> = {
  isPoor: ['isPoor'],
  poorReasons: ['poorReasons'],
  ruleSet: ['qualityRuleSet'],
  classifiedStreamCount: ['classifiedStreamCount'],
  poorStreamCount: ['poorStreamCount'],
  worstJitterMs: ['worstJitterMs'],
  averageJitterMs: ['averageJitterMs'],
  worstRoundTripMs: ['worstRoundTripMs'],
  averageRoundTripMs: ['averageRoundTripMs'],
  worstPacketLossRate: ['worstPacketLossRate'],
  averagePacketLossRate: ['averagePacketLossRate'],
  worstAudioDegradation: ['worstAudioDegradation'],
  averageAudioDegradation: ['averageAudioDegradation'],
};

const PARTICIPANTS_SOURCE_FIELDS: Table<keyof ParticipantsObject> = {
  ids: ['participantIds'],
  names: ['participantNames'],
  userPrincipalNames: ['participantUserPrincipalNames'],
  phoneNumbers: ['participantPhoneNumbers'],
};

type PlainField =
  | Exclude<keyof CallRecordObject, 'quality' | 'participants' | 'raw' | 'access'>
  | 'sessions'
  | 'graphRecord'
  | 'directRoutingCalls';
type CallRecordSourceTable = Table<PlainField> & {
  readonly participants: Table<keyof ParticipantsObject>;
  readonly quality: Table<keyof CallQualityObject>;
};

/**
 * The stored fields each field of `CallRecord` reads (toCallRecordObject and the field resolvers):
 * a search fetches only those of the fields an operation selects (`_source`), so a page of ids
 * does not carry whole documents, nor the raw Graph record (up to MBs) unless sessions are read.
 */
export const CALL_RECORD_SOURCE_FIELDS: CallRecordSourceTable = {
  id: ['id'],
  version: ['version'],
  type: ['type'],
  modalities: ['modalities'],
  startDateTime: ['startDateTime'],
  endDateTime: ['endDateTime'],
  durationSeconds: ['durationSeconds'],
  lastModifiedDateTime: ['lastModifiedDateTime'],
  joinWebUrl: ['joinWebUrl'],
  organizer: ['organizer'],
  participants: PARTICIPANTS_SOURCE_FIELDS,
  participantCount: ['participantCount'],
  sessionCount: ['sessionCount'],
  segmentCount: ['segmentCount'],
  streamCount: ['streamCount'],
  quality: QUALITY_SOURCE_FIELDS,
  platforms: ['platforms'],
  productFamilies: ['productFamilies'],
  networkConnectionTypes: ['networkConnectionTypes'],
  hasFailure: ['hasFailure'],
  failureStages: ['failureStages'],
  feedbackRatings: ['feedbackRatings'],
  isTest: ['isTest'],
  // Field resolvers: sessions and graphRecord read the Graph record, directRoutingCalls the id.
  sessions: ['raw'],
  graphRecord: ['raw'],
  directRoutingCalls: ['id'],
};

// Fetched whatever the selection: the id and version pick the latest of a record's copies.
const ALWAYS_SOURCE_FIELDS: readonly DocumentField[] = ['id', 'version'];

const SOURCE_FIELD_OPTIONS = {
  record: { path: [], table: CALL_RECORD_SOURCE_FIELDS, always: ALWAYS_SOURCE_FIELDS },
  'page items': { path: ['items'], table: CALL_RECORD_SOURCE_FIELDS, always: ALWAYS_SOURCE_FIELDS },
} as const;

/**
 * The stored fields the `CallRecord` selection of the resolved field (or of its page's items)
 * reads; undefined: all of them.
 */
export function callRecordSourceFields(
  info: SelectionInfo,
  under: keyof typeof SOURCE_FIELD_OPTIONS = 'record',
): readonly string[] | undefined {
  return sourceFieldsOf(info, SOURCE_FIELD_OPTIONS[under]);
}

/**
 * The GraphQL view of an indexed call record for a caller with `access`. A document fetched with
 * a `_source` filter lacks the fields the operation did not select; their values stay unread.
 */
export function toCallRecordObject(doc: CallRecordDocument, access: Access): CallRecordObject {
  return {
    id: doc.id,
    version: doc.version,
    type: doc.type,
    modalities: doc.modalities,
    startDateTime: doc.startDateTime,
    endDateTime: doc.endDateTime,
    durationSeconds: doc.durationSeconds,
    lastModifiedDateTime: doc.lastModifiedDateTime,
    joinWebUrl: redact(access, doc.joinWebUrl),
    organizer: redact(access, { ...doc.organizer }),
    participants: redact(access, {
      ids: doc.participantIds,
      names: doc.participantNames,
      userPrincipalNames: doc.participantUserPrincipalNames,
      phoneNumbers: doc.participantPhoneNumbers,
    }),
    participantCount: doc.participantCount,
    sessionCount: doc.sessionCount,
    segmentCount: doc.segmentCount,
    streamCount: doc.streamCount,
    quality: {
      isPoor: doc.isPoor,
      poorReasons: doc.poorReasons,
      ruleSet: doc.qualityRuleSet,
      classifiedStreamCount: doc.classifiedStreamCount,
      poorStreamCount: doc.poorStreamCount,
      worstJitterMs: doc.worstJitterMs,
      averageJitterMs: doc.averageJitterMs,
      worstRoundTripMs: doc.worstRoundTripMs,
      averageRoundTripMs: doc.averageRoundTripMs,
      worstPacketLossRate: doc.worstPacketLossRate,
      averagePacketLossRate: doc.averagePacketLossRate,
      worstAudioDegradation: doc.worstAudioDegradation,
      averageAudioDegradation: doc.averageAudioDegradation,
    },
    platforms: doc.platforms,
    productFamilies: doc.productFamilies,
    networkConnectionTypes: doc.networkConnectionTypes,
    hasFailure: doc.hasFailure,
    failureStages: doc.failureStages,
    feedbackRatings: doc.feedbackRatings,
    isTest: doc.isTest,
    raw: doc.raw,
    access,
  };
}
