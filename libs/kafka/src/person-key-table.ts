import type { Kafka } from 'kafkajs';

import {
  decodeEvent,
  forEachSealedValue,
  mapSealedValues,
  openSealedValue,
  PersonKeyV1Definition,
  personKeyRecordKey,
  unwrapPersonKey,
} from '@callrecords/contracts';

import { readTopicSnapshot } from './topic-snapshot';
import { retryRetriable } from './topic-tail';

/** One person key as read from the person-keys topic, unwrapped. */
export interface PersonKeyEntry {
  readonly tenantId: string;
  readonly pseudonym: string;
  readonly kid: string;
  readonly key: Buffer;
  readonly aliases: readonly string[];
}

/** The person keys of the compacted person-keys topic, held in memory (crypto-shredding). */
export interface PersonKeyTable {
  /** Reads the topic to its current end; concurrent callers share one read. */
  refresh(): Promise<void>;
  /**
   * The key of `<tenant>:<pseudonym>:<kid>`. When unknown, the table first catches up with the
   * topic (once for every caller that saw its record before that read began): the fetcher writes a
   * key in the transaction of the record, so a key still missing afterwards is erased.
   */
  keyOf(
    person: { tenantId: string; pseudonym: string; kid: string },
    seenAt: number,
  ): Promise<Buffer | undefined>;
  /** Every key of the person named by `pseudonym` or by one of their aliases (a UPN's pseudonym). */
  entriesOf(tenantId: string, pseudonym: string): PersonKeyEntry[];
  /** Drops a person's keys at once (an erasure read before its tombstones). */
  forget(tenantId: string, pseudonym: string): void;
  /** Monotonic time (ms) of the start of the last completed read, for `keyOf`'s `seenAt`. */
  readonly now: () => number;
}

export interface PersonKeyTableOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** The key-encryption key (`keyEncryptionKey(secret)`). */
  readonly kek: Buffer;
}

const MARKER_GRACE_MS = 1_000;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A table filled by `refresh()`; a key that does not unwrap (another KEK) is left out. */
export function createPersonKeyTable(options: PersonKeyTableOptions): PersonKeyTable {
  const now = (): number => performance.now();
  let entries = new Map<string, PersonKeyEntry>();
  // Keys found missing by a read that began after their record was seen: erased for good (a kid
  // is random and never reused), so later lookups need no read.
  const gone = new Set<string>();
  let readStartedAt = Number.NEGATIVE_INFINITY;
  let reading: Promise<void> | undefined;

  const read = async (): Promise<void> => {
    const startedAt = now();
    entries = await readEntries(options, gone);
    readStartedAt = startedAt;
  };
  const refresh = (): Promise<void> => {
    reading ??= read().finally(() => (reading = undefined));
    return reading;
  };
  return {
    refresh,
    now,
    async keyOf(person, seenAt) {
      const recordKey = personKeyRecordKey(person.tenantId, person.pseudonym, person.kid);
      if (entries.has(recordKey) || gone.has(recordKey)) {
        return gone.has(recordKey) ? undefined : entries.get(recordKey)?.key;
      }
      if (readStartedAt < seenAt) {
        await refresh();
      }
      // A transaction's commit markers reach its partitions one by one: the record may be readable
      // a moment before its key. A key missed by a read begun that soon is looked for once more.
      if (!entries.has(recordKey) && readStartedAt < seenAt + MARKER_GRACE_MS) {
        await pause(MARKER_GRACE_MS).then(refresh);
      }
      const found = entries.get(recordKey)?.key;
      return found ?? void gone.add(recordKey);
    },
    entriesOf(tenantId, pseudonym) {
      return [...entries.values()].filter(
        (e) =>
          e.tenantId === tenantId && (e.pseudonym === pseudonym || e.aliases.includes(pseudonym)),
      );
    },
    forget(tenantId, pseudonym) {
      for (const [recordKey, entry] of entries) {
        if (entry.tenantId === tenantId && entry.pseudonym === pseudonym) {
          entries.delete(recordKey);
          gone.add(recordKey);
        }
      }
    },
  };
}

async function readEntries(
  options: PersonKeyTableOptions,
  gone: ReadonlySet<string>,
): Promise<Map<string, PersonKeyEntry>> {
  // A topic created a moment ago may have no leader yet: kafkajs' retriable errors are retried.
  const snapshot = await retryRetriable(() => readTopicSnapshot(options.kafka, options.topic));
  const entries = new Map<string, PersonKeyEntry>();
  for (const [recordKey, message] of snapshot) {
    const entry = toEntry(options.kek, recordKey, message);
    if (entry && !gone.has(recordKey)) {
      entries.set(recordKey, entry);
    }
  }
  return entries;
}

function toEntry(
  kek: Buffer,
  recordKey: string,
  message: { readonly value: Buffer; readonly headers: Readonly<Record<string, string>> },
): PersonKeyEntry | undefined {
  const { value, headers } = message;
  try {
    const event = decodeEvent(PersonKeyV1Definition, value, headers);
    const { pseudonym, kid, wrappedKey, aliases } = event.payload;
    const key = unwrapPersonKey(kek, recordKey, wrappedKey);
    return { tenantId: event.tenantId, pseudonym, kid, key, aliases };
  } catch {
    // Written under another key-encryption key, or not a key: nothing this reader can open.
    return undefined;
  }
}

/**
 * A copy of `value` (a tenant's event) with every sealed value opened with its person's key, or
 * shown as the person's pseudonym when the key is erased; `value` itself when nothing is sealed. `event.seenAt`: `table.now()` when it
 * was read, so a key written with it is waited for rather than taken as erased.
 */
export async function openSealedValues<T>(
  table: PersonKeyTable,
  event: { readonly tenantId: string; readonly value: T; readonly seenAt: number },
  onOpened?: (pseudonym: string, clear: string) => void,
): Promise<T> {
  const { seenAt } = event;
  const needed = new Map<string, { pseudonym: string; kid: string }>();
  forEachSealedValue(event.value, (sealed) => {
    needed.set(`${sealed.pseudonym}:${sealed.kid}`, sealed);
  });
  if (needed.size === 0) {
    // Nothing sealed (sealing off, or a pseudonymous tenant): no copy to make.
    return event.value;
  }
  const keys = new Map<string, Buffer | undefined>();
  for (const [id, person] of needed) {
    keys.set(id, await table.keyOf({ tenantId: event.tenantId, ...person }, seenAt));
  }
  return mapSealedValues(event.value, (sealed) => {
    const key = keys.get(`${sealed.pseudonym}:${sealed.kid}`);
    if (!key) {
      return sealed.pseudonym;
    }
    try {
      const clear = openSealedValue(sealed, key);
      onOpened?.(sealed.pseudonym, clear);
      return clear;
    } catch {
      // Sealed under a key this table holds a different one for: unreadable, like an erased one.
      return sealed.pseudonym;
    }
  });
}
