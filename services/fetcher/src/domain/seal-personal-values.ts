import { sealValue } from '@callrecords/contracts';
import type { PersonKey } from '@callrecords/contracts';

import { mapPersonalValues, pseudonymOf } from './pseudonymise';

// Crypto-shredding (README "Personal data"): each personal value is sealed with the key of the
// person it belongs to (the owner the pseudonymise walk finds), and the sealed string carries that
// person's pseudonym, so a reader whose key was erased still groups the call by the pseudonym.

/** Fields whose value is another identifier of its owner: erasure can find the key by them. */
const ALIAS_FIELDS = new Set(['userPrincipalName', 'email']);

export interface SealingKeys {
  /** The tenant's pseudonym key (`tenantPseudonymKey`). */
  readonly tenantKey: Buffer;
  /** The key of a person by pseudonym; the caller creates it when the person is new. */
  readonly keyOf: (pseudonym: string) => PersonKey;
  /** A fresh 96-bit IV (12 random bytes) per value. */
  readonly iv: () => Buffer;
}

/** A sealed copy, and the persons it names: pseudonym → pseudonyms of their other identifiers. */
export interface SealedObject<T> {
  readonly value: T;
  readonly persons: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * A copy of a Graph call record or report row with every personal value sealed with its person's
 * key. A value in no person's context (an address alone) is its own person. Service numbers stay
 * clear, as in pseudonymous mode.
 */
export function sealPersonalValues<T>(value: T, keys: SealingKeys): SealedObject<T> {
  const persons = new Map<string, Set<string>>();
  const sealed = mapPersonalValues(value, (personal) => {
    const owner = personal.owner ?? { value: personal.value, kind: personal.kind };
    const pseudonym = pseudonymOf(keys.tenantKey, owner.value, owner.kind);
    let aliases = persons.get(pseudonym);
    if (!aliases) {
      aliases = new Set();
      persons.set(pseudonym, aliases);
    }
    if (ALIAS_FIELDS.has(personal.field) && owner.kind === 'id') {
      aliases.add(pseudonymOf(keys.tenantKey, personal.value, 'text'));
    }
    return sealValue({ pseudonym, key: keys.keyOf(pseudonym) }, personal.value, keys.iv());
  });
  return { value: sealed, persons };
}
