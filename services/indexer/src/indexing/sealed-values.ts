import { keyEncryptionKey, withPseudonymsForSealedValues } from '@callrecords/contracts';
import { createPersonKeyTable, openSealedValues } from '@callrecords/kafka';
import type { Kafka } from '@callrecords/kafka';

import type { IndexerConfig } from '../config';
import type { IndexedEvent } from '../domain/index-writes';

/** Opens the sealed personal values of an event before it is mapped to documents. */
export type SealedValueOpener = (event: IndexedEvent) => Promise<IndexedEvent>;

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
    return (event) => Promise.resolve(withPseudonymsForSealedValues(event));
  }
  const table = createPersonKeyTable({
    kafka: deps.kafka,
    topic: deps.topic,
    kek: keyEncryptionKey(secret),
  });
  await table.refresh();
  return (event) =>
    openSealedValues(table, { tenantId: event.tenantId, value: event }, table.now());
}
