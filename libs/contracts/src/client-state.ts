import { createHash, timingSafeEqual } from 'node:crypto';

// Graph echoes the subscription's clientState in every notification; checking it is how ingestion
// tells Graph from a forger (libs/contracts/graph-reference/FACTS.md §1, fact 7). Events only ever
// carry its SHA-256: the secret is random and at least 128 bits (we create it), so the hash cannot
// be reversed or guessed, yet any replica can verify a notification against it.

/** Hex SHA-256 of a clientState, as stored in SubscriptionLifecycleV1. */
export function hashClientState(clientState: string): string {
  return createHash('sha256').update(clientState, 'utf8').digest('hex');
}

/** Whether a received clientState is the one whose hash we stored; constant-time. */
export function matchesClientState(
  received: string | null | undefined,
  sha256Hex: string,
): boolean {
  if (received === null || received === undefined || !/^[0-9a-f]{64}$/.test(sha256Hex)) {
    return false;
  }
  return timingSafeEqual(
    createHash('sha256').update(received, 'utf8').digest(),
    Buffer.from(sha256Hex, 'hex'),
  );
}
