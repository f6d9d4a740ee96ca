import { z } from 'zod';

import { graphConfigSchema } from '@callrecords/graph-client';
import { kafkaConfigSchema } from '@callrecords/kafka';
import { sensitive } from '@callrecords/service-kit';

const seconds = (value: number): number => value * 1000;

const secondsList = z
  .string()
  .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, 'comma-separated seconds, e.g. 30,120,600')
  .transform((value) => value.split(',').map((item) => seconds(Number(item.trim()))));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** The fetcher's configuration: adapter fragments plus its own keys (STYLE.md §2.9). */
export const fetcherConfigSchema = kafkaConfigSchema.extend(graphConfigSchema.shape).extend({
  FETCHER_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(4101)
    .describe('HTTP port of /health and /metrics (0: any free port)'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  FETCHER_TRANSACTIONAL_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/)
    .optional()
    .describe(
      'Kafka transactional id of this replica (stable across restarts, unique per replica); default callrecords-fetcher-<hostname>',
    ),
  FETCHER_TOPIC_REPLICATION_FACTOR: positiveInt(1).describe(
    'Replication of topics the fetcher creates when missing (normally the provisioner created them)',
  ),
  FETCHER_CONSUMER_RESTART_AFTER_SECONDS: z.coerce
    .number()
    .positive()
    .default(60)
    .describe('Restart the Kafka consumer after it has been out of its group this long'),
  FETCHER_BATCH_SIZE: positiveInt(64).describe(
    'Notifications handled (and committed in one transaction) at once',
  ),
  FETCHER_CONCURRENCY: positiveInt(16).describe(
    'Graph fetches in flight at once, over every partition and chunk being handled',
  ),
  FETCHER_CONCURRENT_PARTITIONS: positiveInt(4).describe(
    'Partitions handled at once (their chunks share transactions; kafkajs fetches again only when all are done)',
  ),
  FETCHER_APP_REQUESTS_PER_20S: positiveInt(15_000).describe(
    'Graph limit per app across tenants (libs/contracts/graph-reference/FACTS.md 17: 15,000 requests / 20 s), split across the replicas',
  ),
  FETCHER_TENANT_REQUESTS_PER_20S: positiveInt(1_500).describe(
    'Graph limit per app per tenant (libs/contracts/graph-reference/FACTS.md §9: 1,500 requests / 20 s), split across the replicas',
  ),
  FETCHER_RECORD_REQUESTS_PER_20S: positiveInt(40).describe(
    'Graph limit per call record (libs/contracts/graph-reference/FACTS.md §9: 40 requests / 20 s)',
  ),
  FETCHER_REPORT_REQUESTS_PER_60S: positiveInt(200).describe(
    'Graph limit of the PSTN/Direct Routing reports per app per tenant (200 requests / 60 s)',
  ),
  FETCHER_NOT_YET_AVAILABLE_RETRY_SECONDS: secondsList
    // Cumulative 162.5 min: past Graph's 150 min maximum delivery latency of a first version
    // (a 404 is expected up to 60 min after the call ends; libs/contracts/graph-reference/FACTS.md §1, fact 12).
    .default([30, 120, 600, 1_800, 3_600, 3_600].map(seconds))
    .describe(
      'Delays after a 404 on delivery 1, 2, …; when used up the notification is dead-lettered',
    ),
  FETCHER_BACKOFF_BASE_MS: positiveInt(1_000).describe('First backoff step for 5xx/network errors'),
  FETCHER_BACKOFF_MAX_MS: positiveInt(300_000).describe('Largest backoff step'),
  FETCHER_MAX_DELIVERIES: positiveInt(8).describe(
    'Deliveries of a notification failing with 5xx/429 before it is dead-lettered',
  ),
  FETCHER_MAX_INLINE_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe(
      'Longest Retry-After/backoff waited inside a batch; longer waits use the retry topic',
    ),
  FETCHER_MAX_INLINE_TRIES: positiveInt(3).describe(
    'Tries per record inside a batch before the retry topic',
  ),
  FETCHER_RETENTION_SWEEP_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(86_400_000)
    .describe(
      'How often calls past PRIVACY_RETENTION_DAYS are tombstoned in the records and report-row topics (also at start); 0 = not in this process (one process per deployment is enough)',
    ),
  FETCHER_REPORTS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true')
    .describe('Poll getPstnCalls/getDirectRoutingCalls (one poller per deployment; see README)'),
  FETCHER_REPORTS_HISTORY_START: z.iso
    .datetime()
    .optional()
    .describe('Where a tenant with no watermark starts (ISO 8601); default 7 days before boot'),
  FETCHER_REPORTS_LAG_MINUTES: z.coerce
    .number()
    .min(0)
    .default(60)
    .describe('Poll reports only up to now minus this (Graph fills them late)'),
  FETCHER_REPORTS_WINDOW_MINUTES: z.coerce
    .number()
    .positive()
    .max(90 * 24 * 60)
    .default(60)
    .describe('Longest window per report request (getPstnCalls allows 90 days)'),
  FETCHER_REPORTS_SETTLE_HOURS: z.coerce
    .number()
    .min(0)
    .max(90 * 24)
    .default(72)
    .describe(
      'Poll a window again until its calls are this old (late rows: the admin center says 24–48 h)',
    ),
  FETCHER_REPORTS_REPOLL_INTERVAL_MINUTES: z.coerce
    .number()
    .positive()
    .default(60)
    .describe('Re-poll the span not yet settled at most this often'),
  FETCHER_REPORTS_REPOLL_WINDOW_HOURS: z.coerce
    .number()
    .positive()
    .max(90 * 24)
    .default(24)
    .describe('Longest window per re-poll request (getPstnCalls allows 90 days)'),
  FETCHER_PSEUDONYMOUS_TENANTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .describe(
      'Tenants in pseudonymous mode (comma-separated, * for all): personal values are keyed hashes before anything is written',
    ),
  FETCHER_PSEUDONYM_SECRET: sensitive(z.string().min(32))
    .optional()
    .describe(
      'Secret the per-tenant pseudonym keys derive from (at least 32 characters; FETCHER_PSEUDONYM_SECRET_FILE to read a file); required with FETCHER_PSEUDONYMOUS_TENANTS',
    ),
  PRIVACY_KEY_SECRET: sensitive(z.string().min(32))
    .optional()
    .describe(
      'Key-encryption secret of the person keys (at least 32 characters; PRIVACY_KEY_SECRET_FILE to read a file). Set: personal values of every tenant not in pseudonymous mode are sealed with per-person keys (crypto-shredding); needs FETCHER_PSEUDONYM_SECRET',
    ),
  FETCHER_PERSON_KEYS_REFRESH_SECONDS: z.coerce
    .number()
    .positive()
    .default(30)
    .describe("How often the person-keys topic is read again (other replicas' keys, erasures)"),
  FETCHER_REPORTS_POLL_INTERVAL_SECONDS: z.coerce
    .number()
    .positive()
    .default(300)
    .describe('Pause between polls once caught up'),
});

export type FetcherConfig = z.infer<typeof fetcherConfigSchema>;
