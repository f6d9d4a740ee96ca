export { graphConfigSchema, graphCredentialOf } from './graph.config';
export type { GraphConfig, GraphCredential } from './graph.config';
export { createTokenProvider } from './token-provider';
export type { TokenProvider } from './token-provider';
export { createGraphClient } from './graph.client';
export type { GraphCallRecord, GraphClient, ReportWindow } from './graph.client';
export type { GraphClientHooks, GraphRequestInfo } from './graph.client';
export { classifyGraphFailure, parseRetryAfterMs, toClassifiedGraphError } from './graph.errors';
export type { FailureDetails } from './graph.errors';
export type { GraphObject } from './paging';
export { createGraphSubscriptionClient, SubscriptionNotFoundError } from './graph-subscriptions';
export type {
  CallRecordListWindow,
  GraphSubscription,
  GraphSubscriptionClient,
  ListedCallRecord,
  NewSubscription,
} from './graph-subscriptions';
