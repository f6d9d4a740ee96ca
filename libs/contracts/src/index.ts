// The public API of @callrecords/contracts (STYLE.md §2.5). Explicit named exports only.

// Retention of personal data
export {
  hasShorterTenants,
  isCallPastRetention,
  isStartPastRetention,
  KEEP_FOREVER,
  longestRetentionDays,
  parseRetentionPolicy,
  privacyRetentionSetting,
  RETENTION_DAY_MS,
  retentionCutoffMs,
  retentionDaysOf,
  retentionDeleteQueriesOn,
  shortestRetentionDays,
} from './retention';
export type { CallEvent, RetentionPolicy } from './retention';

// Errors
export {
  isClassifiedError,
  NotYetAvailableError,
  PermanentError,
  RetryableError,
  TenantAccessError,
} from './errors';
export type { ClassifiedError } from './errors';

// Envelope, encoding, decoding, upcasting
export {
  createEvent,
  decodeEvent,
  defineEvent,
  encodeEvent,
  envelopeSchema,
  EVENT_HEADERS,
  IsoTimestampSchema,
  routeKey,
  TenantIdSchema,
} from './envelope';
export type {
  AnyEventDefinition,
  DecodedBy,
  Decoders,
  EncodedEvent,
  EventDecoder,
  EventDefinition,
  EventEnvelope,
  EventOf,
  MessageHeaders,
  NewEvent,
  PayloadOf,
} from './envelope';
export { EventDecodeError, EventEncodeError } from './envelope.errors';
export type { EventDecodeReason } from './envelope.errors';
export { defineUpcaster, eventDecoder } from './upcasting';
export type { AnyUpcaster, Upcaster } from './upcasting';

// Events (payload schemas: `XxxV1Definition.payloadSchema`)
export {
  AlertRaisedV1Definition,
  AlertRaisedV1Schema,
  AlertSeveritySchema,
} from './events/alert-raised.v1';
export type { AlertRaisedV1, AlertRaisedV1Payload, AlertSeverity } from './events/alert-raised.v1';
export {
  CallRecordFetchedV1Definition,
  CallRecordFetchedV1Schema,
} from './events/call-record-fetched.v1';
export type {
  CallRecordFetchedV1,
  CallRecordFetchedV1Payload,
} from './events/call-record-fetched.v1';
export {
  DirectRoutingCallRowV1Definition,
  DirectRoutingCallRowV1Schema,
} from './events/direct-routing-call-row.v1';
export type {
  DirectRoutingCallRowV1,
  DirectRoutingCallRowV1Payload,
} from './events/direct-routing-call-row.v1';
export {
  NotificationReceivedV1Definition,
  NotificationReceivedV1Schema,
} from './events/notification-received.v1';
export type {
  NotificationReceivedV1,
  NotificationReceivedV1Payload,
} from './events/notification-received.v1';
export {
  ProcessingFailedV1Definition,
  ProcessingFailedV1Schema,
  UNKNOWN_TENANT_ID,
} from './events/processing-failed.v1';
export type { ProcessingFailedV1, ProcessingFailedV1Payload } from './events/processing-failed.v1';
export { PstnCallRowV1Definition, PstnCallRowV1Schema } from './events/pstn-call-row.v1';
export type { PstnCallRowV1, PstnCallRowV1Payload } from './events/pstn-call-row.v1';
export { PersonErasedV1Definition, PersonErasedV1Schema } from './events/person-erased.v1';
export type { PersonErasedV1, PersonErasedV1Payload } from './events/person-erased.v1';
export {
  ErasureIdentifierSchema,
  PersonErasureRequestedV1Definition,
  PersonErasureRequestedV1Schema,
} from './events/person-erasure-requested.v1';
export type {
  PersonErasureRequestedV1,
  PersonErasureRequestedV1Payload,
} from './events/person-erasure-requested.v1';
export { PersonKeyV1Definition, PersonKeyV1Schema } from './events/person-key.v1';
export type { PersonKeyV1, PersonKeyV1Payload } from './events/person-key.v1';
export {
  forEachSealedValue,
  keyEncryptionKey,
  mapSealedValues,
  openSealedValue,
  parseSealedValue,
  SEALED_VALUE_PREFIX,
  sealValue,
  unwrapPersonKey,
  withPseudonymsForSealedValues,
  wrapPersonKey,
} from './sealed-value';
export type { PersonKey, SealedValue } from './sealed-value';
export { ReportWatermarkV1Definition, ReportWatermarkV1Schema } from './events/report-watermark.v1';
export type { ReportWatermarkV1, ReportWatermarkV1Payload } from './events/report-watermark.v1';
export {
  SUBSCRIPTION_CHANGES,
  SubscriptionChangeSchema,
  SubscriptionLifecycleV1Definition,
  SubscriptionLifecycleV1Schema,
} from './events/subscription-lifecycle.v1';
export type {
  SubscriptionChange,
  SubscriptionLifecycleV1,
  SubscriptionLifecycleV1Payload,
} from './events/subscription-lifecycle.v1';
export { ReportKindSchema, ReportWindowSchema, TimeRangeSchema } from './events/time-window.schema';
export type { ReportKind, ReportWindow, TimeRange } from './events/time-window.schema';
export { hashClientState, matchesClientState } from './client-state';

// Topics, services, serialization
export {
  allTopics,
  CONSUMING_SERVICES,
  dlqTopic,
  graphKey,
  personKeyRecordKey,
  prefixedGroup,
  prefixedTopic,
  retryTopic,
  tenantIdFromKey,
  TOPIC_COMPRESSION,
  topicConfig,
  TOPICS,
} from './topics';
export type { AnyTopicDefinition, CleanupPolicy, TopicDefinition, TopicId } from './topics';
export { consumerGroup, ServiceNameSchema, SERVICES } from './services';
export type { ServiceName } from './services';
export {
  compressValue,
  decompressValue,
  fitsTopic,
  measureEncodedSize,
  ZSTD_LEVEL,
} from './serialization';
export type { BatchCodec, EncodedSize } from './serialization';

// Graph: edge schemas, webhook bodies, EDM helpers
export {
  CallRecordPageSchema,
  CallRecordPageStrictSchema,
  CallRecordSchema,
  CallRecordStrictSchema,
  DirectRoutingLogPageSchema,
  DirectRoutingLogPageStrictSchema,
  DirectRoutingLogRowSchema,
  DirectRoutingLogRowStrictSchema,
  graphPageSchema,
  graphPageStrictSchema,
  ParticipantPageSchema,
  ParticipantPageStrictSchema,
  PstnCallLogPageSchema,
  PstnCallLogPageStrictSchema,
  PstnCallLogRowSchema,
  PstnCallLogRowStrictSchema,
  SessionPageSchema,
  SessionPageStrictSchema,
} from './graph/call-record.schema';
export type {
  CallRecord,
  CallRecordPage,
  DirectRoutingLogPage,
  DirectRoutingLogRow,
  ParticipantPage,
  PstnCallLogPage,
  PstnCallLogRow,
  SessionPage,
} from './graph/call-record.schema';
export {
  ChangeNotificationCollectionSchema,
  ChangeNotificationCollectionStrictSchema,
  ChangeNotificationSchema,
  ChangeNotificationStrictSchema,
  LifecycleNotificationCollectionSchema,
  LifecycleNotificationCollectionStrictSchema,
  LifecycleNotificationSchema,
  LifecycleNotificationStrictSchema,
} from './graph/change-notification.schema';
export type {
  ChangeNotification,
  ChangeNotificationCollection,
  LifecycleNotification,
  LifecycleNotificationCollection,
} from './graph/change-notification.schema';
export {
  EdmDateTimeOffsetSchema,
  edmDateTimeMs,
  EdmDurationSchema,
  edmDurationToMs,
  hasODataType,
  openEnum,
  toKnownEnumValue,
} from './graph/edm';

// Graph: generated from the CSDL. Every CSDL type has a `type`; schemas are exported for the types
// services parse and tests build (enums: strict only, `.options` lists the members).
export {
  AudioCodecStrictSchema,
  CallTypeStrictSchema,
  ClientPlatformStrictSchema,
  ClientUserAgentSchema,
  ClientUserAgentStrictSchema,
  CommunicationsIdentitySetSchema,
  CommunicationsIdentitySetStrictSchema,
  DeviceInfoSchema,
  DeviceInfoStrictSchema,
  EndpointSchema,
  EndpointStrictSchema,
  EndpointTypeStrictSchema,
  FailureInfoSchema,
  FailureInfoStrictSchema,
  FailureStageStrictSchema,
  IdentitySchema,
  IdentitySetSchema,
  IdentitySetStrictSchema,
  IdentityStrictSchema,
  MediaSchema,
  MediaStreamDirectionStrictSchema,
  MediaStreamSchema,
  MediaStreamStrictSchema,
  MediaStrictSchema,
  ModalityStrictSchema,
  NetworkConnectionTypeStrictSchema,
  NetworkInfoSchema,
  NetworkInfoStrictSchema,
  NetworkTransportProtocolStrictSchema,
  OrganizerSchema,
  OrganizerStrictSchema,
  ParticipantEndpointSchema,
  ParticipantEndpointStrictSchema,
  ParticipantSchema,
  ParticipantStrictSchema,
  ProductFamilyStrictSchema,
  PstnCallDurationSourceStrictSchema,
  SegmentSchema,
  SegmentStrictSchema,
  ServiceEndpointSchema,
  ServiceEndpointStrictSchema,
  ServiceRoleStrictSchema,
  ServiceUserAgentSchema,
  ServiceUserAgentStrictSchema,
  SessionSchema,
  SessionStrictSchema,
  UserAgentSchema,
  UserAgentStrictSchema,
  UserFeedbackRatingStrictSchema,
  UserFeedbackSchema,
  UserFeedbackStrictSchema,
  VideoCodecStrictSchema,
  WifiBandStrictSchema,
  WifiRadioTypeStrictSchema,
} from './graph/generated/call-records';
export type {
  AdministrativeUnitInfo,
  AudioCodec,
  AzureCommunicationServicesUserIdentity,
  CallType,
  ClientPlatform,
  ClientUserAgent,
  CommunicationsApplicationIdentity,
  CommunicationsApplicationInstanceIdentity,
  CommunicationsEncryptedIdentity,
  CommunicationsGuestIdentity,
  CommunicationsIdentitySet,
  CommunicationsPhoneIdentity,
  CommunicationsUserIdentity,
  DeviceInfo,
  Endpoint,
  EndpointType,
  Entity,
  FailureInfo,
  FailureStage,
  FeedbackTokenSet,
  GraphUserIdentity,
  Identity,
  IdentitySet,
  Media,
  MediaStream,
  MediaStreamDirection,
  Modality,
  NetworkConnectionType,
  NetworkInfo,
  NetworkTransportProtocol,
  Organizer,
  Participant,
  ParticipantBase,
  ParticipantEndpoint,
  ProductFamily,
  PstnCallDurationSource,
  Segment,
  ServiceEndpoint,
  ServiceRole,
  ServiceUserAgent,
  Session,
  TraceRouteHop,
  UserAgent,
  UserFeedback,
  UserFeedbackRating,
  UserIdentity,
  VideoCodec,
  WifiBand,
  WifiRadioType,
} from './graph/generated/call-records';

// Indexes: the indexer↔gateway contract (mappings, document schemas, alias names)
export {
  CALL_RECORD_FIELDS,
  CALL_RECORD_PROPERTIES,
  CallRecordDocumentSchema,
} from './indexes/call-record-index';
export type { CallRecordDocument } from './indexes/call-record-index';
export { field, fieldPaths, propertiesOf, shapeOf } from './indexes/index-fields';
export type { IndexField, IndexFields } from './indexes/index-fields';
export {
  indexTemplateBody,
  retentionPolicyBody,
  retentionPolicyId,
} from './indexes/index-templates';
export type { IndexTemplateOptions, RetentionPolicyOptions } from './indexes/index-templates';
export {
  generationSeries,
  INDEX_IDS,
  indexNames,
  INDEXES,
  resolveIndexNames,
} from './indexes/indexes';
export type { IndexDefinition, IndexId, IndexNames } from './indexes/indexes';
export {
  DIRECT_ROUTING_CALL_FIELDS,
  DIRECT_ROUTING_CALL_PROPERTIES,
  DirectRoutingCallDocumentSchema,
  PSTN_CALL_FIELDS,
  PSTN_CALL_PROPERTIES,
  PstnCallDocumentSchema,
} from './indexes/report-row-index';
export type { DirectRoutingCallDocument, PstnCallDocument } from './indexes/report-row-index';
export { STREAM_FIELDS, STREAM_PROPERTIES, StreamDocumentSchema } from './indexes/stream-index';
export type { StreamDocument, StreamEndpointDocument } from './indexes/stream-index';

// Indexes: the aggregator↔gateway rollup contract (names, mappings, document schemas)
export {
  CallsRollupDocumentSchema,
  DirectRoutingRollupDocumentSchema,
  PstnRollupDocumentSchema,
  ROLLUP_DIMENSIONS,
  ROLLUP_DOCUMENT_SCHEMAS,
  ROLLUP_HISTOGRAM_BOUNDS,
  ROLLUP_HISTOGRAM_METRICS,
  ROLLUP_INTERVALS,
  ROLLUP_METRICS,
  ROLLUP_PROPERTIES,
  PERSONAL_ROLLUP_DIMENSIONS,
  ROLLUP_TOTAL_VALUE,
  ROLLUP_UNKNOWN_VALUE,
  RollupDocumentSchema,
  rollupConcreteIndexName,
  rollupDocumentId,
  RollupHistogramSchema,
  rollupIndexBody,
  rollupIndexName,
  RollupIntervalSchema,
  RollupMetricSchema,
  StreamsRollupDocumentSchema,
} from './indexes/rollups';
export type {
  CallsRollupDocument,
  DirectRoutingRollupDocument,
  PstnRollupDocument,
  RollupDimension,
  RollupDocument,
  RollupHistogram,
  RollupHistogramMetric,
  RollupInterval,
  RollupMetric,
  StreamsRollupDocument,
} from './indexes/rollups';
// Indexes: the trunk-quality rollup (Direct Routing rows joined to call records by correlationId)
export {
  TRUNK_QUALITY_MEASURES,
  TRUNK_QUALITY_ROLLUP_PROPERTIES,
  trunkQualityRollupConcreteIndexName,
  trunkQualityRollupDocumentId,
  TrunkQualityRollupDocumentSchema,
  trunkQualityRollupIndexBody,
  trunkQualityRollupIndexName,
} from './indexes/trunk-quality-rollup';
export type { TrunkQualityRollupDocument } from './indexes/trunk-quality-rollup';
