import type { API, Client } from '@opensearch-project/opensearch';

import { throwClassified, undefinedWhenNotFound } from '../errors';
import type { SetupStep } from './setup-report';

/** A rollover series: indexes `<name>-000001…`, read alias `<name>`, write alias `<name>-write`. */
export interface RolloverIndexDefinition {
  readonly name: string;
}

export interface RolloverNames {
  readonly readAlias: string;
  readonly writeAlias: string;
  readonly firstIndex: string;
}

/** The alias and index names of a rollover series (STYLE.md 2.5: `callrecords-records(-write)`). */
export function rolloverNames(name: string): RolloverNames {
  return { readAlias: name, writeAlias: `${name}-write`, firstIndex: `${name}-000001` };
}

/**
 * Creates `<name>-000001` behind both aliases unless the write alias exists. Repairs a first index
 * that exists without its aliases (an interrupted earlier run). Index templates apply on creation.
 */
export async function bootstrapRolloverIndex(
  client: Client,
  definition: RolloverIndexDefinition,
): Promise<SetupStep> {
  const { readAlias, writeAlias, firstIndex } = rolloverNames(definition.name);
  const step = { kind: 'rolloverIndex', name: definition.name } as const;
  const aliasExists = await client.indices
    .existsAlias({ name: writeAlias })
    .then((response) => response.body)
    .catch(throwClassified);
  if (aliasExists) {
    return { ...step, action: 'unchanged' };
  }
  const aliases = { [writeAlias]: { is_write_index: true }, [readAlias]: {} };
  const indexExists = await client.indices
    .exists({ index: firstIndex })
    .then((response) => response.body)
    .catch(throwClassified);
  if (indexExists) {
    await updateAliases(
      client,
      Object.entries(aliases).map(([alias, options]) => ({
        add: { index: firstIndex, alias, ...options },
      })),
    );
    return { ...step, action: 'updated', reason: `added aliases to existing ${firstIndex}` };
  }
  await client.indices.create({ index: firstIndex, body: { aliases } }).catch(throwClassified);
  return { ...step, action: 'created' };
}

/** Rollover conditions; any one met rolls over (OpenSearch `_rollover` conditions). */
export interface RolloverConditions {
  /** e.g. `30d`. */
  readonly maxAge?: string;
  readonly maxDocs?: number;
  /** e.g. `50gb`. */
  readonly maxSize?: string;
}

export interface RolloverResult {
  readonly rolledOver: boolean;
  readonly oldIndex: string;
  readonly newIndex: string;
  /** Each condition and whether it was met. */
  readonly conditions: Readonly<Record<string, boolean>>;
}

/**
 * Rolls the write alias over to a new index when a condition is met (for clusters without ISM, or
 * between ISM checks). The new index gets its mappings and read alias from the index template.
 */
export async function rolloverIfNeeded(
  client: Client,
  options: { readonly writeAlias: string; readonly conditions: RolloverConditions },
): Promise<RolloverResult> {
  const { maxAge, maxDocs, maxSize } = options.conditions;
  const conditions = {
    ...(maxAge === undefined ? {} : { max_age: maxAge }),
    ...(maxDocs === undefined ? {} : { max_docs: maxDocs }),
    ...(maxSize === undefined ? {} : { max_size: maxSize }),
  };
  const response = await client.indices
    .rollover({ alias: options.writeAlias, body: { conditions } })
    .catch(throwClassified);
  const body = response.body;
  return {
    rolledOver: body.rolled_over,
    oldIndex: body.old_index,
    newIndex: body.new_index,
    conditions: body.conditions,
  };
}

export interface SwapAliasOptions {
  readonly alias: string;
  /** Indexes to take the alias from; default: every index that holds it now. */
  readonly from?: string | readonly string[];
  readonly to: string;
  /** Mark `to` as the alias's write index (for write aliases). */
  readonly isWriteIndex?: boolean;
}

/**
 * Points `alias` at `to` instead of `from` in one `_aliases` call, so readers never see the alias
 * missing or on both indexes. Returns the indexes the alias was removed from. Throws PermanentError
 * (nothing changed) when an index in `from` does not hold the alias.
 */
export async function swapAliases(client: Client, options: SwapAliasOptions): Promise<string[]> {
  const from =
    options.from === undefined ? await indexesHolding(client, options.alias) : options.from;
  const sources = (typeof from === 'string' ? [from] : [...from]).filter(
    (index) => index !== options.to,
  );
  await updateAliases(client, [
    // must_exist: if another process moved the alias meanwhile, fail instead of doubling it.
    ...sources.map((index) => ({ remove: { index, alias: options.alias, must_exist: true } })),
    {
      add: {
        index: options.to,
        alias: options.alias,
        ...(options.isWriteIndex === undefined ? {} : { is_write_index: options.isWriteIndex }),
      },
    },
  ]);
  return sources;
}

async function indexesHolding(client: Client, alias: string): Promise<string[]> {
  const response = await client.indices.getAlias({ name: alias }).catch(undefinedWhenNotFound);
  return response ? Object.keys(response.body) : [];
}

async function updateAliases(client: Client, actions: readonly object[]): Promise<void> {
  await client.indices
    .updateAliases({ body: { actions } as API.Indices_UpdateAliases_RequestBody })
    .catch(throwClassified);
}
