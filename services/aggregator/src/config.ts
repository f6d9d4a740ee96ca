import { z } from 'zod';

import { kafkaConfigSchema } from '@callrecords/kafka';
import { openSearchConfigSchema } from '@callrecords/opensearch';
import { sensitive } from '@callrecords/service-kit';

const ratio = (fallback: number, what: string) =>
  z.coerce.number().min(0).max(1).default(fallback).describe(what);
const positiveInt = (fallback: number, max: number, what: string) =>
  z.coerce.number().int().min(1).max(max).default(fallback).describe(what);

// `site=subnet|subnet;site2=subnet`: Graph has no site, only subnets (networkInfo.subnet).
const sitesSchema = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const sites = new Map<string, string>();
    for (const part of value
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [site, subnets] = part.split('=');
      if (!site || !subnets) {
        ctx.addIssue({ code: 'custom', message: `expected site=subnet|subnet, got "${part}"` });
        return z.NEVER;
      }
      subnets
        .split('|')
        .map((s) => s.trim())
        .filter(Boolean)
        .forEach((s) => sites.set(s, site.trim()));
    }
    return sites;
  })
  .describe(
    'Sites for the poor-call rule and rollups: "hq=10.0.1.0|10.0.2.0;lab=10.9.0.0" (subnet values as Graph reports them)',
  );

const numbersSchema = z
  .string()
  .default('911,933,112,999,000,110,119')
  .transform(
    (value) =>
      new Set(
        value
          .split(',')
          .map((n) => n.replace(/[^0-9]/g, ''))
          .filter(Boolean),
      ) as ReadonlySet<string>,
  )
  .describe('Dialled numbers that are emergency calls, comma-separated');

export const aggregatorConfigSchema = kafkaConfigSchema
  .extend(openSearchConfigSchema.shape)
  .extend({
    AGGREGATOR_PORT: z.coerce
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(4103)
      .describe('HTTP port for /health and /metrics'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level'),
    AGGREGATOR_BATCH_SIZE: positiveInt(
      2_000,
      10_000,
      'Messages rolled up per batch (one write of each changed rollup document per batch)',
    ),
    AGGREGATOR_CONCURRENT_PARTITIONS: positiveInt(
      3,
      64,
      'Partitions rolled up at once: their batches join one pipeline (computed one at a time, rollups written one at a time), so it stays exact',
    ),
    AGGREGATOR_PIPELINE_DEPTH: z.coerce
      .number()
      .int()
      .min(0)
      .max(4)
      .default(2)
      .describe(
        'Batches computed ahead of the one committing (0 = one batch at a time): with 2, one is computed while the previous writes its rollups and the one before commits its transaction',
      ),
    AGGREGATOR_CONTRIBUTION_WORKERS: z.coerce
      .number()
      .int()
      .min(0)
      .max(16)
      .default(0)
      .describe(
        'Worker threads that decode messages and compute contributions beside the consumer thread (0 = in the consumer thread)',
      ),
    AGGREGATOR_STATE_DIR: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Directory of the local contributions store (SQLite, rebuilt from the changelog topic); unset = a private temporary directory',
      ),
    AGGREGATOR_TRANSACTIONAL_ID: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Kafka transactional id of this replica, stable across its restarts (e.g. a StatefulSet pod name); unset = unique per process',
      ),
    AGGREGATOR_ROLLUP_CACHE_DOCUMENTS: positiveInt(
      50_000,
      10_000_000,
      'Rollup documents whose last written state is kept in memory (LRU), to write without reading first',
    ),
    AGGREGATOR_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(0)
      .max(36_500)
      .default(0)
      .describe(
        'Whole days of rollups kept before today; older rollups and their contributions are pruned hourly (0 = keep all)',
      ),
    AGGREGATOR_POOR_CALL_RATIO: ratio(
      0.1,
      'Poor-call alert: poor / classified calls above this fires',
    ),
    AGGREGATOR_POOR_CALL_MIN_CALLS: positiveInt(
      20,
      1_000_000,
      'Poor-call alert: fewest classified calls in the window',
    ),
    AGGREGATOR_POOR_CALL_WINDOW_HOURS: positiveInt(
      3,
      168,
      'Poor-call alert: sliding window, in hours (one alert per key per window)',
    ),
    AGGREGATOR_TRUNK_FAILURE_RATIO: ratio(
      0.2,
      'Trunk alert: failed / attempted Direct Routing calls above this fires',
    ),
    AGGREGATOR_TRUNK_MIN_CALLS: positiveInt(
      20,
      1_000_000,
      'Trunk alert: fewest attempted calls in the window',
    ),
    AGGREGATOR_TRUNK_WINDOW_HOURS: positiveInt(1, 168, 'Trunk alert: sliding window, in hours'),
    AGGREGATOR_EMERGENCY_NUMBERS: numbersSchema,
    AGGREGATOR_SITES: sitesSchema,
    // Secret: a Teams webhook URL carries its own credential (or AGGREGATOR_ALERT_WEBHOOK_URL_FILE).
    AGGREGATOR_ALERT_WEBHOOK_URL: sensitive(
      z
        .url({ protocol: /^https?$/ })
        .optional()
        .describe('Teams incoming-webhook style URL alerts are POSTed to; unset for none'),
    ),
    AGGREGATOR_WEBHOOK_MAX_ATTEMPTS: positiveInt(
      4,
      20,
      'Webhook deliveries tried per alert (exponential backoff)',
    ),
    AGGREGATOR_WEBHOOK_TIMEOUT_MS: positiveInt(
      5_000,
      60_000,
      'Timeout of one webhook POST, in milliseconds',
    ),
    AGGREGATOR_TRUNK_QUALITY_ENABLED: z
      .enum(['true', 'false'])
      .default('true')
      .transform((value) => value === 'true')
      .describe(
        'Join Direct Routing rows to call records and roll up call quality per trunk (own consumer group)',
      ),
  });

export type AggregatorConfig = z.infer<typeof aggregatorConfigSchema>;
