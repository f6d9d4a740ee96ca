export {
  bootstrapRolloverIndex,
  rolloverIfNeeded,
  rolloverNames,
  swapAliases,
} from './setup/aliases';
export type {
  RolloverConditions,
  RolloverIndexDefinition,
  RolloverNames,
  RolloverResult,
  SwapAliasOptions,
} from './setup/aliases';
export { classifyBulkItem } from './bulk/bulk-item';
export type { BulkItemResult, BulkItemStatus, BulkResponseItemLike } from './bulk/bulk-item';
export { bulkUpsertVersioned } from './bulk/bulk-upsert';
export type { BulkUpsertOptions, SerializedDocument, VersionedDocument } from './bulk/bulk-upsert';
export { BulkWriter, createBulkWriter } from './bulk/bulk-writer';
export type { BulkSender, BulkWriterOptions } from './bulk/bulk-writer';
export { createOpenSearchClient } from './client';
export type { CreateClientOptions, OpenSearchClient, OpenSearchConnectionConfig } from './client';
export { openSearchConfigSchema } from './config';
export type { OpenSearchConfig } from './config';
export { toClassifiedError } from './errors';
export { openSearchHealthIndicator } from './health';
export type { OpenSearchHealthOptions } from './health';
export { contractIndexSetup, indexSetupConfigSchema } from './setup/contract-setup';
export type { ContractIndexSetupConfig } from './setup/contract-setup';
export { applyIndexSetup } from './setup/index-setup';
export type { IndexSetup, IndexSetupReport, IndexTemplateDefinition } from './setup/index-setup';
export { applyIsmPolicy, isIsmPluginAbsent, openSearchIsmStore } from './setup/ism';
export type { IsmPolicyDefinition, IsmPolicyLookup, IsmPolicyStore } from './setup/ism';
export type { SetupAction, SetupKind, SetupStep } from './setup/setup-report';
export type { TemplateDefinition } from './setup/templates';
export { search } from './search';
export type { SearchHit, SearchRequest, SearchResult } from './search';
export {
  countDocuments,
  indexesOfAlias,
  refreshIndex,
  removeAliases,
  rolloverWithReadAlias,
} from './setup/generations';
