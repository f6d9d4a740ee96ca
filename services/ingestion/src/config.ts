import { z } from 'zod';

import { graphConfigSchema } from '@callrecords/graph-client';
import { kafkaConfigSchema } from '@callrecords/kafka';
import { sensitive } from '@callrecords/service-kit';

import { parseWatchedUsers } from './domain/watched-users';
import type { WatchedUsers } from './domain/watched-users';

const MINUTE_MS = 60_000;

const ingestionKeys = z.object({
  ...kafkaConfigSchema.shape,
  ...graphConfigSchema.shape,
  INGESTION_PORT: z.coerce.number().int().min(0).max(65_535).default(4100).describe('HTTP port'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  INGESTION_PUBLIC_URL: z
    .url()
    .default('http://127.0.0.1:4100')
    .describe(
      'Base URL Graph reaches this service at (https in production; http only to loopback)',
    ),
  INGESTION_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024)
    .describe('Largest webhook body; larger ones get 413'),
  INGESTION_SUBSCRIPTION_LIFETIME_MINUTES: z.coerce
    .number()
    .int()
    .min(45)
    .max(4230)
    .default(4200)
    .describe('Lifetime asked for each subscription (Graph max 4230; 30 min kept for clock skew)'),
  INGESTION_SUBSCRIPTION_CHANGE_TYPE: z
    .enum(['created', 'updated', 'created,updated'])
    .default('created,updated')
    .describe('changeType of the subscriptions (libs/contracts/graph-reference/FACTS.md 2)'),
  INGESTION_SCHEDULER_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30_000)
    .describe('How often the leader checks renewals (0 disables the timer; tests drive it)'),
  INGESTION_RECONCILE_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(5 * MINUTE_MS)
    .describe(
      'How often the leader compares its subscriptions with Graph (also when it starts leading; 0: only then)',
    ),
  INGESTION_SILENCE_THRESHOLD_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * MINUTE_MS)
    .describe('A tenant without notification this long, while List shows calls, counts as missed'),
  INGESTION_BACKFILL_OVERLAP_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(15 * MINUTE_MS)
    .describe('Backfill starts this much before the last healthy moment'),
  INGESTION_BACKFILL_MAX_LOOKBACK_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 60 * MINUTE_MS)
    .describe('Backfill never lists further back (Graph keeps 30 days)'),
  INGESTION_KAFKA_COOLDOWN_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(2_000)
    .describe('After a failed publish, answer 503 at once for this long (Graph retries)'),
  INGESTION_UNKNOWN_SUBSCRIPTION_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(2_500)
    .default(2_000)
    .describe(
      "How long a webhook waits for a subscription this replica has not read yet (one created a moment ago) before dropping its notification; under Graph's 3 s timeout",
    ),
  INGESTION_ADMIN_TOKEN: sensitive(z.string().min(32))
    .optional()
    .describe('Bearer token of POST /admin/backfill (at least 32 chars); unset disables it'),
  INGESTION_WATCHED_USERS: z
    .string()
    .default('')
    .transform((text, context): WatchedUsers => {
      const parsed = parseWatchedUsers(text);
      if (!parsed.ok) {
        context.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }
      return parsed.value;
    })
    .describe(
      'Tenants that watch named users only: <tenantId>=<objectId>,<objectId>;… (others: everyone)',
    ),
});

// Cross-key: every tenant that watches named people must be one of the tenants read.
export const ingestionConfigSchema = ingestionKeys.superRefine((config, context) => {
  for (const tenantId of config.INGESTION_WATCHED_USERS.keys()) {
    if (!config.GRAPH_TENANT_IDS.includes(tenantId)) {
      context.addIssue({
        code: 'custom',
        path: ['INGESTION_WATCHED_USERS'],
        message: `tenant ${tenantId} is not in GRAPH_TENANT_IDS`,
      });
    }
  }
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;
