import { errors } from '@opensearch-project/opensearch';
import type { Client } from '@opensearch-project/opensearch';

import { isSubsetOf } from './definition-hash';
import { throwClassified, undefinedWhenNotFound } from '../errors';
import type { SetupStep } from './setup-report';

/** An Index State Management policy: `policy` is the `policy` object of PUT `_plugins/_ism/policies/<id>`. */
export interface IsmPolicyDefinition {
  readonly id: string;
  readonly policy: Readonly<Record<string, unknown>>;
}

export type IsmPolicyLookup =
  | { readonly found: false }
  | {
      readonly found: true;
      readonly policy: unknown;
      readonly seqNo: number;
      readonly primaryTerm: number;
    };

/** The ISM calls `applyIsmPolicy` needs; `openSearchIsmStore` is the real one. */
export interface IsmPolicyStore {
  /** False when the node has no ISM plugin (no handler for `_plugins/_ism`). */
  readonly isAvailable: () => Promise<boolean>;
  readonly get: (id: string) => Promise<IsmPolicyLookup>;
  readonly put: (
    definition: IsmPolicyDefinition,
    ifMatch?: { readonly seqNo: number; readonly primaryTerm: number },
  ) => Promise<void>;
}

const PROBE_POLICY_ID = 'callrecords-ism-probe';

/**
 * Whether `error` says the ISM plugin is not installed: OpenSearch answers 400 (404/405 on some
 * versions) with `{"error":"no handler found for uri [...]"}`, a string where real errors are objects.
 */
export function isIsmPluginAbsent(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError) || ![400, 404, 405].includes(error.statusCode)) {
    return false;
  }
  const body: unknown = error.body;
  const text =
    typeof body === 'string'
      ? body
      : typeof body === 'object' &&
          body !== null &&
          'error' in body &&
          typeof body.error === 'string'
        ? body.error
        : '';
  return /no handler found/i.test(text);
}

/** ISM through the OpenSearch client. */
export function openSearchIsmStore(client: Client): IsmPolicyStore {
  const get = async (id: string): Promise<IsmPolicyLookup> => {
    const response = await client.ism.getPolicy({ policy_id: id }).catch(undefinedWhenNotFound);
    if (!response) {
      return { found: false };
    }
    const { policy, _seq_no: seqNo, _primary_term: primaryTerm } = response.body;
    return { found: true, policy, seqNo: Number(seqNo), primaryTerm: Number(primaryTerm) };
  };
  return {
    isAvailable: () =>
      client.ism.getPolicy({ policy_id: PROBE_POLICY_ID }).then(
        () => true,
        (error: unknown) => {
          if (isIsmPluginAbsent(error)) {
            return false;
          }
          // "Policy not found" comes from the plugin: it is there.
          return undefinedWhenNotFound(error) ?? true;
        },
      ),
    get,
    put: async (definition, ifMatch) => {
      await client.ism
        .putPolicy({
          policy_id: definition.id,
          body: { policy: definition.policy },
          ...(ifMatch ? { if_seq_no: ifMatch.seqNo, if_primary_term: ifMatch.primaryTerm } : {}),
        })
        .catch(throwClassified);
    },
  };
}

/**
 * Creates the policy, updates it when the stored one lacks or differs in any value we define (ISM
 * adds defaults such as retry settings, so stored ⊇ desired counts as unchanged), else leaves it.
 */
export async function applyIsmPolicy(
  store: IsmPolicyStore,
  definition: IsmPolicyDefinition,
): Promise<SetupStep> {
  const step = { kind: 'ismPolicy', name: definition.id } as const;
  const current = await store.get(definition.id);
  if (!current.found) {
    await store.put(definition);
    return { ...step, action: 'created' };
  }
  if (isSubsetOf(definition.policy, current.policy)) {
    return { ...step, action: 'unchanged' };
  }
  // Optimistic concurrency: a concurrent provisioner's write makes this fail instead of being lost.
  await store.put(definition, { seqNo: current.seqNo, primaryTerm: current.primaryTerm });
  return { ...step, action: 'updated' };
}
