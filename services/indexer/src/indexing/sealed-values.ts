import {
  forEachSealedValue,
  keyEncryptionKey,
  withPseudonymsForSealedValues,
} from '@callrecords/contracts';
import { createPersonKeyTable, openSealedValues } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';

import type { IndexerConfig } from '../config';
import type { IndexedEvent } from '../domain/index-writes';

/** An event with its sealed values opened, and the clear values of each person it names. */
export interface OpenedEvent {
  readonly event: IndexedEvent;
  /** Pseudonym → the person's clear values in the event (what an erasure will replace). */
  readonly persons: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Opens the sealed personal values of an event before it is mapped to documents. */
export interface SealedValueOpener {
  open(event: IndexedEvent): Promise<OpenedEvent>;
  /** Drops a person's keys at once (an erasure read before the key's tombstone). */
  forget(tenantId: string, pseudonym: string): void;
}

/**
 * With PRIVACY_KEY_SECRET: the person keys are read from their topic (now, and again whenever a
 * key is missing), and a value whose key is erased is indexed as its person's pseudonym. Without
 * it: every sealed value is indexed as its pseudonym (nothing clear, counts per person still right).
 */
export async function sealedValueOpener(
  config: Pick<IndexerConfig, 'PRIVACY_KEY_SECRET'>,
  deps: { kafka: Kafka; topic: string },
): Promise<SealedValueOpener> {
  const secret = config.PRIVACY_KEY_SECRET;
  if (secret === undefined) {
    return {
      open: (event) => {
        // A copy only when something is sealed: without sealing the event goes on as it came.
        let sealed = false;
        forEachSealedValue(event, () => (sealed = true));
        const shown = sealed ? withPseudonymsForSealedValues(event) : event;
        return Promise.resolve({ event: shown, persons: new Map() });
      },
      forget: () => undefined,
    };
  }
  const table = createPersonKeyTable({
    kafka: deps.kafka,
    topic: deps.topic,
    kek: keyEncryptionKey(secret),
  });
  await table.refresh();
  return {
    async open(event) {
      const persons = new Map<string, Set<string>>();
      const opened = await openSealedValues(
        table,
        { tenantId: event.tenantId, value: event, seenAt: table.now() },
        (pseudonym, clear) => {
          const values = persons.get(pseudonym) ?? new Set<string>();
          persons.set(pseudonym, values.add(clear));
        },
      );
      return { event: opened, persons };
    },
    forget: (tenantId, pseudonym) => table.forget(tenantId, pseudonym),
  };
}
