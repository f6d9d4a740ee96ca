import type { Client } from '@opensearch-project/opensearch';

import { throwClassified, undefinedWhenNotFound } from '../errors';
import type { RolloverConditions, RolloverResult } from './aliases';

/**
 * Rolls `writeAlias` over when a condition is met and puts `readAlias` on the new index in the same
 * request, so documents written to the new index are readable at once. For series whose templates
 * carry no aliases (a rebuild generation must not join the read alias before its swap).
 */
export async function rolloverWithReadAlias(
  client: Client,
  options: {
    readonly writeAlias: string;
    readonly readAlias: string;
    readonly conditions: RolloverConditions;
  },
): Promise<RolloverResult> {
  const { maxAge, maxDocs, maxSize } = options.conditions;
  const conditions = {
    ...(maxAge === undefined ? {} : { max_age: maxAge }),
    ...(maxDocs === undefined ? {} : { max_docs: maxDocs }),
    ...(maxSize === undefined ? {} : { max_size: maxSize }),
  };
  const response = await client.indices
    .rollover({
      alias: options.writeAlias,
      body: { conditions, aliases: { [options.readAlias]: {} } },
    })
    .catch(throwClassified);
  const body = response.body;
  return {
    rolledOver: body.rolled_over,
    oldIndex: body.old_index,
    newIndex: body.new_index,
    conditions: body.conditions,
  };
}

/** The concrete indexes an alias points to now (empty when the alias does not exist). */
export async function indexesOfAlias(client: Client, alias: string): Promise<string[]> {
  const response = await client.indices.getAlias({ name: alias }).catch(undefinedWhenNotFound);
  return response ? Object.keys(response.body).sort() : [];
}

/** Makes recent writes searchable (tests, and a rebuild before it compares counts). */
export async function refreshIndex(client: Client, index: string): Promise<void> {
  await client.indices.refresh({ index }).catch(throwClassified);
}

/** Documents visible through `index` (an alias or an index); 0 when it does not exist. */
export async function countDocuments(client: Client, index: string): Promise<number> {
  const response = await client.count({ index }).catch(undefinedWhenNotFound);
  return response ? response.body.count : 0;
}

/** Removes aliases from an index in one call (absent ones are ignored). */
export async function removeAliases(
  client: Client,
  options: { readonly index: string; readonly aliases: readonly string[] },
): Promise<void> {
  if (options.aliases.length === 0) {
    return;
  }
  await client.indices
    .updateAliases({
      body: {
        actions: options.aliases.map((alias) => ({
          remove: { index: options.index, alias, must_exist: false },
        })),
      },
    })
    .catch(throwClassified);
}
