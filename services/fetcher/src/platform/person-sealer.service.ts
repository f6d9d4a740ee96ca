import { randomBytes } from 'node:crypto';

import {
  createEvent,
  encodeEvent,
  PersonKeyV1Definition,
  personKeyRecordKey,
  wrapPersonKey,
} from '@callrecords/contracts';
import type { PersonKey } from '@callrecords/contracts';
import type { OutgoingMessage, PersonKeyTable } from '@callrecords/kafka';

import { tenantPseudonymKey } from '../domain/pseudonymise';
import { sealPersonalValues } from '../domain/seal-personal-values';

/** Seals personal values with per-person keys; the keys to produce come with the sealed value. */
export interface PersonSealer {
  /**
   * The sealed record or row, and the person-key messages to produce **in the same transaction**
   * (keys made here and not yet read back from the topic, or with new aliases).
   */
  seal<T>(tenantId: string, value: T, now: Date): { value: T; keyMessages: OutgoingMessage[] };
  /** Reads the person-keys topic again: learns other replicas' keys and erasures (tombstones). */
  refresh(): Promise<void>;
}

interface HeldKey {
  readonly key: PersonKey;
  aliases: Set<string>;
  /** Not read back from the topic yet: produced with every record that uses it until it is. */
  unconfirmed: boolean;
  /** Aliases changed since the key was last produced. */
  changed: boolean;
}

export interface PersonSealerOptions {
  readonly table: PersonKeyTable;
  readonly topic: string;
  /** Key-encryption key of the person keys on the topic. */
  readonly kek: Buffer;
  readonly pseudonymSecret: string;
  /** Tenants left as they are (pseudonymous mode: nothing personal is left to seal). */
  readonly skip: (tenantId: string) => boolean;
}

/** The fetcher's sealer: one key per person and tenant, kept across restarts in the topic. */
export function createPersonSealer(options: PersonSealerOptions): PersonSealer {
  const { table, topic, kek } = options;
  const held = new Map<string, HeldKey>();
  const tenantKeys = new Map<string, Buffer>();
  const tenantKeyOf = (tenantId: string): Buffer =>
    tenantKeys.get(tenantId) ??
    tenantKeys.set(tenantId, tenantPseudonymKey(options.pseudonymSecret, tenantId)).get(tenantId)!;
  const heldKey = (tenantId: string, pseudonym: string): HeldKey => {
    const id = `${tenantId}:${pseudonym}`;
    let entry = held.get(id);
    if (!entry) {
      const existing = table.entriesOf(tenantId, pseudonym).find((e) => e.pseudonym === pseudonym);
      entry = existing
        ? { key: existing, aliases: new Set(existing.aliases), unconfirmed: false, changed: false }
        : newHeldKey();
      held.set(id, entry);
    }
    return entry;
  };
  return {
    seal(tenantId, value, now) {
      if (options.skip(tenantId)) {
        return { value, keyMessages: [] };
      }
      const sealed = sealPersonalValues(value, {
        tenantKey: tenantKeyOf(tenantId),
        keyOf: (pseudonym) => heldKey(tenantId, pseudonym).key,
        iv: () => randomBytes(12),
      });
      const keyMessages: OutgoingMessage[] = [];
      for (const [pseudonym, aliases] of sealed.persons) {
        const entry = heldKey(tenantId, pseudonym);
        for (const alias of aliases) {
          entry.changed ||= !entry.aliases.has(alias);
          entry.aliases.add(alias);
        }
        if (entry.unconfirmed || entry.changed) {
          keyMessages.push(keyMessage({ topic, kek, now }, { tenantId, pseudonym, entry }));
        }
      }
      return { value: sealed.value, keyMessages };
    },
    async refresh() {
      await table.refresh();
      reconcile(held, table);
    },
  };
}

// A new person: a random 256-bit key, told apart from other replicas' by a random kid.
function newHeldKey(): HeldKey {
  return {
    key: { kid: randomBytes(9).toString('base64url'), key: randomBytes(32) },
    aliases: new Set(),
    unconfirmed: true,
    changed: true,
  };
}

function keyMessage(
  target: { readonly topic: string; readonly kek: Buffer; readonly now: Date },
  person: { readonly tenantId: string; readonly pseudonym: string; readonly entry: HeldKey },
): OutgoingMessage {
  const { topic, kek, now } = target;
  const { tenantId, pseudonym, entry } = person;
  const recordKey = personKeyRecordKey(tenantId, pseudonym, entry.key.kid);
  const event = createEvent(PersonKeyV1Definition, {
    tenantId,
    correlationId: recordKey,
    occurredAt: now,
    producedAt: now,
    payload: {
      pseudonym,
      kid: entry.key.kid,
      wrappedKey: wrapPersonKey(kek, { recordKey, key: entry.key.key }, randomBytes(12)),
      aliases: [...entry.aliases].sort(),
      createdAt: now.toISOString(),
    },
  });
  const encoded = encodeEvent(PersonKeyV1Definition, event);
  return { topic, key: recordKey, value: encoded.value, headers: encoded.headers };
}

// Keys read back from the topic are confirmed (no longer produced with each record); a confirmed
// key gone from the topic was erased: dropped, so the person's next record gets a new key.
function reconcile(held: Map<string, HeldKey>, table: PersonKeyTable): void {
  for (const [id, entry] of held) {
    const [tenantId = '', pseudonym = ''] = id.split(':');
    const onTopic = table
      .entriesOf(tenantId, pseudonym)
      .find((e) => e.pseudonym === pseudonym && e.kid === entry.key.kid);
    if (onTopic) {
      entry.unconfirmed = false;
      entry.changed = [...entry.aliases].some((alias) => !onTopic.aliases.includes(alias));
    } else if (!entry.unconfirmed) {
      held.delete(id);
    }
  }
}
