import { z } from 'zod';

import {
  INDEX_IDS,
  indexNames,
  INDEXES,
  indexTemplateBody,
  retentionPolicyBody,
  retentionPolicyId,
} from '@callrecords/contracts';
import type { IndexNames } from '@callrecords/contracts';

import type { IndexSetup } from './index-setup';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const sizeOrAge = (fallback: string) =>
  z
    .string()
    .regex(/^\d+(d|h|m|s|gb|mb)$/, 'a number with a unit, e.g. 7d or 30gb')
    .default(fallback);

/**
 * The index settings of the contract indexes (STYLE.md 2.9 fragment), shared by the indexer, which
 * applies them at start, and the provisioner, which applies them before a deploy: same keys, same result.
 */
export const indexSetupConfigSchema = z.object({
  INDEXER_RETENTION_DAYS: positiveInt(30).describe(
    'ISM: days an index is kept after its rollover (call data is personal data)',
  ),
  INDEXER_ROLLOVER_MAX_AGE: sizeOrAge('7d').describe('Roll the write index over at this age'),
  INDEXER_ROLLOVER_MAX_PRIMARY_SHARD_SIZE: sizeOrAge('30gb').describe(
    '… or at this primary shard size',
  ),
  INDEXER_INDEX_SHARDS: positiveInt(1).describe('Primary shards of a new backing index'),
  INDEXER_INDEX_REPLICAS: z.coerce
    .number()
    .int()
    .min(0)
    .default(0)
    .describe('Replicas of a new backing index (0 on a single node; 1+ in production)'),
});

export type ContractIndexSetupConfig = Pick<
  z.infer<typeof indexSetupConfigSchema>,
  | 'INDEXER_INDEX_SHARDS'
  | 'INDEXER_INDEX_REPLICAS'
  | 'INDEXER_RETENTION_DAYS'
  | 'INDEXER_ROLLOVER_MAX_AGE'
  | 'INDEXER_ROLLOVER_MAX_PRIMARY_SHARD_SIZE'
> & { readonly OPENSEARCH_INDEX_PREFIX: string };

/** Templates, the retention policy and the first backing index of every contract index series. */
export function contractIndexSetup(config: ContractIndexSetupConfig): IndexSetup {
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
