import { INDEX_IDS, indexNames } from '@callrecords/contracts';
import type { IndexId } from '@callrecords/contracts';
import {
  applyIndexSetup,
  contractIndexSetup,
  rolloverWithReadAlias,
} from '@callrecords/opensearch';
import type { IndexSetupReport, OpenSearchClient } from '@callrecords/opensearch';
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

/** Applies the setup idempotently and logs what changed (ids and names only). */
export async function applyIndexerSetup(
  client: OpenSearchClient,
  config: SetupConfig,
  logger: Logger,
): Promise<IndexSetupReport> {
  const report = await applyIndexSetup(client, contractIndexSetup(config));
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
