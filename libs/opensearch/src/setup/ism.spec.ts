import { describe, expect, it } from '@jest/globals';
import { errors } from '@opensearch-project/opensearch';
import type { ApiResponse } from '@opensearch-project/opensearch';

import { applyIsmPolicy, isIsmPluginAbsent } from './ism';
import type { IsmPolicyDefinition, IsmPolicyLookup, IsmPolicyStore } from './ism';

function responseError(statusCode: number, body: unknown): errors.ResponseError {
  return new errors.ResponseError({
    statusCode,
    body,
    headers: {},
    warnings: null,
    meta: {},
  } as unknown as ApiResponse);
}

describe(isIsmPluginAbsent.name, () => {
  const noHandler = 'no handler found for uri [/_plugins/_ism/policies/p] and method [GET]';

  it.each<readonly [string, unknown, boolean]>([
    ['400 no handler (OpenSearch 2.x)', responseError(400, { error: noHandler }), true],
    ['404 no handler', responseError(404, { error: noHandler }), true],
    ['405 no handler as plain text', responseError(405, noHandler), true],
    [
      '404 policy not found (ISM installed)',
      responseError(404, {
        error: { type: 'status_exception', reason: 'Policy not found' },
        status: 404,
      }),
      false,
    ],
    ['400 bad policy', responseError(400, { error: { type: 'x_content_parse_exception' } }), false],
    ['500 with the words', responseError(500, { error: noHandler }), false],
    ['a connection error', new errors.ConnectionError('refused'), false],
    ['not an error', noHandler, false],
  ])('%s → %s', (_name, error, expected) => {
    const absent = isIsmPluginAbsent(error);

    expect(absent).toBe(expected);
  });
});

/** An in-memory ISM: policies by id with sequence numbers, and the puts it received. */
function memoryIsmStore(initial: Record<string, unknown> = {}) {
  const policies = new Map(Object.entries(initial));
  const puts: { id: string; ifSeqNo?: number }[] = [];
  const store: IsmPolicyStore = {
    isAvailable: () => Promise.resolve(true),
    get: (id): Promise<IsmPolicyLookup> =>
      Promise.resolve(
        policies.has(id)
          ? { found: true, policy: policies.get(id), seqNo: 4, primaryTerm: 1 }
          : { found: false },
      ),
    put: (definition, ifMatch) => {
      policies.set(definition.id, definition.policy);
      puts.push({ id: definition.id, ...(ifMatch ? { ifSeqNo: ifMatch.seqNo } : {}) });
      return Promise.resolve();
    },
  };
  return { store, puts, policies };
}

const policy: IsmPolicyDefinition = {
  id: 'callrecords-records',
  policy: {
    description: 'roll over daily, delete after 30 days',
    default_state: 'hot',
    states: [{ name: 'hot', actions: [{ rollover: { min_index_age: '1d' } }], transitions: [] }],
    ism_template: { index_patterns: ['callrecords-records-*'], priority: 100 },
  },
};

// What ISM returns for `policy`: ids, timestamps, retry defaults and ism_template as an array.
const storedByIsm = {
  policy_id: 'callrecords-records',
  description: 'roll over daily, delete after 30 days',
  last_updated_time: 1_700_000_000_000,
  schema_version: 21,
  error_notification: null,
  default_state: 'hot',
  states: [
    {
      name: 'hot',
      actions: [
        {
          retry: { count: 3, backoff: 'exponential', delay: '1m' },
          rollover: { min_index_age: '1d' },
        },
      ],
      transitions: [],
    },
  ],
  ism_template: [
    {
      index_patterns: ['callrecords-records-*'],
      priority: 100,
      last_updated_time: 1_700_000_000_000,
    },
  ],
};

describe(applyIsmPolicy.name, () => {
  it('creates a missing policy', async () => {
    const ism = memoryIsmStore();

    const step = await applyIsmPolicy(ism.store, policy);

    expect(step).toEqual({ kind: 'ismPolicy', name: 'callrecords-records', action: 'created' });
    expect(ism.puts).toEqual([{ id: 'callrecords-records' }]);
  });

  it('leaves a policy alone when ISM stored it with its own defaults added', async () => {
    const ism = memoryIsmStore({ 'callrecords-records': storedByIsm });

    const step = await applyIsmPolicy(ism.store, policy);

    expect(step.action).toBe('unchanged');
    expect(ism.puts).toEqual([]);
  });

  it('updates a changed policy, guarded by its sequence number', async () => {
    const ism = memoryIsmStore({
      'callrecords-records': { ...storedByIsm, default_state: 'warm' },
    });

    const step = await applyIsmPolicy(ism.store, policy);

    expect(step.action).toBe('updated');
    expect(ism.puts).toEqual([{ id: 'callrecords-records', ifSeqNo: 4 }]);
  });
});
