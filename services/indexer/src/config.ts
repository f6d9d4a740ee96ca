import { z } from 'zod';

import { kafkaConfigSchema } from '@callrecords/kafka';
import { indexSetupConfigSchema, openSearchConfigSchema } from '@callrecords/opensearch';
import { sensitive } from '@callrecords/service-kit';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** The indexer's configuration: the Kafka and OpenSearch fragments plus its own keys (STYLE.md §2.9). */
export const indexerConfigSchema = kafkaConfigSchema
  .extend(openSearchConfigSchema.shape)
  .extend(indexSetupConfigSchema.shape)
  .extend({
    INDEXER_PORT: z.coerce
      .number()
      .int()
      .min(1)
      .max(65_535)
      .default(4102)
      .describe('HTTP port of /health and /metrics'),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level'),
    INDEXER_BULK_MAX_BYTES: positiveInt(5 * 1024 * 1024).describe(
      'A bulk request is sent when its NDJSON reaches this size',
    ),
    INDEXER_BULK_MAX_DOCS: positiveInt(1_000).describe('… or holds this many documents'),
    INDEXER_BULK_MAX_DELAY_MS: positiveInt(50).describe(
      '… or this long after its first document (bounds the latency of a quiet stream)',
    ),
    INDEXER_BULK_CONCURRENCY: positiveInt(2).describe('Bulk requests in flight at once'),
    INDEXER_PARTITIONS_CONCURRENCY: positiveInt(12).describe(
      'Partitions handled at once; their documents share the bulk requests',
    ),
    INDEXER_BATCH_SIZE: positiveInt(500).describe(
      'Events handled and committed at once per partition',
    ),
    INDEXER_RETRY_BUDGET_MS: positiveInt(20_000).describe(
      'How long a batch retries OpenSearch (429, outage) before it is handed back uncommitted; keep below the Kafka session timeout (30 s)',
    ),
    INDEXER_ROLLOVER_CHECK_MS: positiveInt(600_000).describe(
      'How often the service checks rollover itself when the ISM plugin is absent',
    ),
    INDEXER_RETENTION_SWEEP_MS: positiveInt(3_600_000).describe(
      'How often documents past PRIVACY_RETENTION_DAYS are deleted (also once at start)',
    ),
    PRIVACY_KEY_SECRET: sensitive(z.string().min(32))
      .optional()
      .describe(
        "Key-encryption secret of the person keys, the fetcher's (PRIVACY_KEY_SECRET_FILE to read a file): sealed personal values are opened before indexing; without it they are indexed as their pseudonyms",
      ),
    INDEXER_TOPIC_REPLICATION_FACTOR: positiveInt(1).describe(
      'Replication factor of topics the indexer creates when missing (its DLQ, and its inputs)',
    ),
  });

export type IndexerConfig = z.infer<typeof indexerConfigSchema>;
