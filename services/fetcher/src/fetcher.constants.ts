import { setTimeout as delay } from 'node:timers/promises';

import type { Kafka, PersonKeyTable } from '@callrecords/kafka';
import type { Logger, Readiness, Registry } from '@callrecords/service-kit';

import type { FetcherConfig } from './config';
import type { FetcherTopics } from './fetcher-topics';
import type { FetcherMetrics } from './platform/fetcher-metrics.service';
import type { GraphAccess } from './platform/graph-access.service';
import type { PersonSealer } from './platform/person-sealer.service';
import type { Pseudonymiser } from './platform/pseudonymiser.service';
import type { Clock, GraphRateLimiter } from './platform/graph-rate-limiter.service';

/** Injection token of the one runtime object every capability receives. */
export const FETCHER_RUNTIME = Symbol('FETCHER_RUNTIME');

/** Everything built at boot from the validated config, handed to the Nest modules as a value. */
export interface FetcherRuntime {
  readonly config: FetcherConfig;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly readiness: Readiness;
  readonly kafka: Kafka;
  readonly topics: FetcherTopics;
  /**
   * `records`: this replica's consume-transform-produce producer (stable across its restarts, so a
   * restart fences its zombie). `reports`: shared by every replica, so only one poller can commit.
   */
  readonly transactionalIds: {
    readonly records: string;
    readonly reports: string;
    /** This replica's producer of erasures (key tombstones and audit events with the request offset). */
    readonly erasures: string;
  };
  readonly graph: GraphAccess;
  readonly limiter: GraphRateLimiter;
  readonly metrics: FetcherMetrics;
  /** Personal values → pseudonyms for tenants in pseudonymous mode, before anything is produced. */
  readonly pseudonymiser: Pseudonymiser;
  /** Seals personal values with per-person keys when PRIVACY_KEY_SECRET is set. */
  readonly sealer?: PersonSealer;
  /** The person keys the sealer holds, read by erasure requests too (with PRIVACY_KEY_SECRET). */
  readonly personKeys?: PersonKeyTable;
  readonly clock: Clock;
  /** Jitter source; a seeded one in tests. */
  readonly random: () => number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => delay(ms),
};
