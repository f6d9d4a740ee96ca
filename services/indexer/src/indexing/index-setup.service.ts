import {
  INDEX_IDS,
  indexNames,
  INDEXES,
  indexTemplateBody,
  retentionPolicyBody,
  retentionPolicyId,
} from '@callrecords/contracts';
import type { IndexId, IndexNames } from '@callrecords/contracts';
import { applyIndexSetup, rolloverWithReadAlias } from '@callrecords/opensearch';
import type { IndexSetup, IndexSetupReport, OpenSearchClient } from '@callrecords/opensearch';
import type { Logger } from '@callrecords/service-kit';

import type { IndexerConfig } from '../config';

type SetupConfig = Pick<
  IndexerConfig,
  | 'OPENSEARCH_INDEX_PREFIX'
  | 'INDEXER_INDEX_SHARDS'
  | 'INDEXER_INDEX_REPLICAS'
  | 'INDEXER_RETENTION_DAYS'
  | 'INDEXER_ROLLOVER_MAX_AGE'
  | 'INDEXER_ROLLOVER_MAX_PRIMARY_SHARD_SIZE'
>;

/** The write alias of every index under the configured prefix. */
export function writeAliases(prefix: string): Record<IndexId, string> {
  const names = indexNames(prefix);
  return {
    records: names.records.writeAlias,
    streams: names.streams.writeAlias,
    pstnCalls: names.pstnCalls.writeAlias,
    directRoutingCalls: names.directRoutingCalls.writeAlias,
  };
}

/** Templates, the retention policy and the first backing index of every series (from contracts). */
export function indexerSetup(config: SetupConfig): IndexSetup {
  const names = indexNames(config.OPENSEARCH_INDEX_PREFIX);
  const all: IndexNames[] = INDEX_IDS.map((id) => names[id]);
  return {
    indexTemplates: INDEX_IDS.map((id) => ({
      name: names[id].templateName,
      body: indexTemplateBody(INDEXES[id], names[id], {
        shards: config.INDEXER_INDEX_SHARDS,
        replicas: config.INDEXER_INDEX_REPLICAS,
      }),
      ismRolloverAlias: names[id].writeAlias,
    })),
    ismPolicies: [
      {
        id: retentionPolicyId(config.OPENSEARCH_INDEX_PREFIX),
        policy: retentionPolicyBody(
          all.map((n) => n.indexPattern),
          {
            retentionDays: config.INDEXER_RETENTION_DAYS,
            rolloverMaxAge: config.INDEXER_ROLLOVER_MAX_AGE,
            rolloverMaxPrimaryShardSize: config.INDEXER_ROLLOVER_MAX_PRIMARY_SHARD_SIZE,
          },
        ),
      },
    ],
    rolloverIndexes: all.map((n) => ({ name: n.series })),
  };
}

/** Applies the setup idempotently and logs what changed (ids and names only). */
export async function applyIndexerSetup(
  client: OpenSearchClient,
  config: SetupConfig,
  logger: Logger,
): Promise<IndexSetupReport> {
  const report = await applyIndexSetup(client, indexerSetup(config));
  const changed = report.steps.filter((step) => step.action !== 'unchanged');
  logger.info(
    { ismAvailable: report.ismAvailable, changed: changed.map((s) => `${s.kind}:${s.name}`) },
    'index setup applied',
  );
  for (const warning of report.warnings) {
    logger.warn({ warning }, 'index setup warning');
  }
  return report;
}

/**
 * Without ISM the service rolls its series over itself (age or size), the read alias moving along
 * in the same request. Returns the series that rolled.
 */
export async function rolloverDueSeries(
  client: OpenSearchClient,
  config: SetupConfig,
): Promise<string[]> {
  const names = indexNames(config.OPENSEARCH_INDEX_PREFIX);
  const rolled: string[] = [];
  for (const id of INDEX_IDS) {
    const result = await rolloverWithReadAlias(client, {
      writeAlias: names[id].writeAlias,
      readAlias: names[id].readAlias,
      conditions: {
        maxAge: config.INDEXER_ROLLOVER_MAX_AGE,
        maxSize: config.INDEXER_ROLLOVER_MAX_PRIMARY_SHARD_SIZE,
      },
    });
    if (result.rolledOver) {
      rolled.push(result.newIndex);
    }
  }
  return rolled;
}
