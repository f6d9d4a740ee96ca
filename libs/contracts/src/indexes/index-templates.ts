import type { IndexDefinition, IndexNames } from './indexes';

export interface IndexTemplateOptions {
  readonly shards?: number;
  readonly replicas?: number;
  readonly refreshInterval?: string;
}

/**
 * The `_index_template` body of an index series. Mappings are strict: a field the contract does not
 * declare is a mapping error (poison → dead letter), never a silently guessed type. The template
 * carries no aliases: the write index gets both aliases at bootstrap and rollover, and a rebuild
 * generation gets them only at the swap, so readers never see two generations at once.
 */
export function indexTemplateBody(
  definition: IndexDefinition,
  names: IndexNames,
  options: IndexTemplateOptions = {},
): Record<string, unknown> {
  return {
    index_patterns: [names.indexPattern],
    priority: 100,
    template: {
      settings: {
        number_of_shards: options.shards ?? 1,
        number_of_replicas: options.replicas ?? 1,
        refresh_interval: options.refreshInterval ?? '1s',
      },
      mappings: {
        dynamic: 'strict',
        _source: { enabled: true },
        properties: definition.properties,
      },
    },
    _meta: { owner: definition.owner, description: definition.description },
  };
}

export interface RetentionPolicyOptions {
  /** Days an index is kept after it stopped receiving writes (rolled over). */
  readonly retentionDays: number;
  /** Roll the write index over at this age (`7d`) … */
  readonly rolloverMaxAge: string;
  /** … or at this primary shard size (`30gb`). */
  readonly rolloverMaxPrimaryShardSize: string;
}

/** The ISM policy id for the indexer's series under a prefix. */
export function retentionPolicyId(prefix: string): string {
  return `${prefix}callrecords-retention`;
}

/**
 * An ISM policy: roll over by age or size (copying the read alias to the new index), delete an index
 * `retentionDays` after its rollover. Call data is personal data: retention is a legal choice.
 */
export function retentionPolicyBody(
  patterns: readonly string[],
  options: RetentionPolicyOptions,
): Record<string, unknown> {
  return {
    description: `callrecords indexes: rollover, delete ${options.retentionDays}d after rollover`,
    default_state: 'hot',
    states: [
      {
        name: 'hot',
        actions: [
          {
            rollover: {
              min_index_age: options.rolloverMaxAge,
              min_primary_shard_size: options.rolloverMaxPrimaryShardSize,
              copy_alias: true,
            },
          },
        ],
        transitions: [
          {
            state_name: 'delete',
            conditions: { min_rollover_age: `${options.retentionDays}d` },
          },
        ],
      },
      { name: 'delete', actions: [{ delete: {} }], transitions: [] },
    ],
    ism_template: [{ index_patterns: [...patterns], priority: 100 }],
  };
}
