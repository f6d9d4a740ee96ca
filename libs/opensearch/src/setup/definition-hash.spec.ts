import { describe, expect, it } from '@jest/globals';

import {
  canonicalJson,
  DEFINITION_HASH_KEY,
  isSubsetOf,
  storedDefinitionHash,
  withDefinitionHash,
} from './definition-hash';

describe(canonicalJson.name, () => {
  it('sorts keys at every level and keeps array order', () => {
    const json = canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } });

    expect(json).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});

describe(withDefinitionHash.name, () => {
  const body = { index_patterns: ['x-*'], template: { settings: { number_of_shards: 1 } } };

  it('stores the same hash for the same definition written in another key order', () => {
    const first = withDefinitionHash(body);
    const second = withDefinitionHash({ template: body.template, index_patterns: ['x-*'] });

    expect(second.hash).toBe(first.hash);
    expect(first.body['_meta']).toEqual({ [DEFINITION_HASH_KEY]: first.hash });
  });

  it('changes the hash when the definition changes', () => {
    const changed = withDefinitionHash({ ...body, priority: 5 });

    expect(changed.hash).not.toBe(withDefinitionHash(body).hash);
  });

  it("keeps the caller's own _meta", () => {
    const { body: stamped, hash } = withDefinitionHash({ ...body, _meta: { owner: 'indexer' } });

    expect(stamped['_meta']).toEqual({ owner: 'indexer', [DEFINITION_HASH_KEY]: hash });
  });
});

describe(storedDefinitionHash.name, () => {
  it.each([
    [{ _meta: { [DEFINITION_HASH_KEY]: 'abc' } }, 'abc'],
    [{ _meta: { other: 1 } }, undefined],
    [{}, undefined],
    [undefined, undefined],
  ])('reads %j as %s', (template, expected) => {
    const hash = storedDefinitionHash(template);

    expect(hash).toBe(expected);
  });
});

describe(isSubsetOf.name, () => {
  it.each([
    { name: 'equal objects', desired: { a: 1 }, actual: { a: 1 }, expected: true },
    { name: 'extra server keys', desired: { a: 1 }, actual: { a: 1, time: 5 }, expected: true },
    { name: 'a changed value', desired: { a: 1 }, actual: { a: 2 }, expected: false },
    { name: 'a missing key', desired: { a: 1, b: 2 }, actual: { a: 1 }, expected: false },
    { name: 'a number stored as string', desired: { n: 1 }, actual: { n: '1' }, expected: true },
    {
      name: 'nested arrays of objects',
      desired: { s: [{ n: 'hot', x: 1 }] },
      actual: { s: [{ n: 'hot', x: 1, retry: {} }] },
      expected: true,
    },
    {
      name: 'arrays of another length',
      desired: { s: [1, 2] },
      actual: { s: [1, 2, 3] },
      expected: false,
    },
    {
      name: 'an object stored as a one-element array',
      desired: { t: { p: ['a'] } },
      actual: { t: [{ p: ['a'], when: 1 }] },
      expected: true,
    },
    { name: 'null against a value', desired: { a: null }, actual: { a: 1 }, expected: false },
    {
      name: 'an object against a primitive',
      desired: { a: { b: 1 } },
      actual: { a: 'x' },
      expected: false,
    },
  ])('$name → $expected', ({ desired, actual, expected }) => {
    const result = isSubsetOf(desired, actual);

    expect(result).toBe(expected);
  });
});
