import { z } from 'zod';

import { kafkaConfigSchema } from '@callrecords/kafka';
import { indexSetupConfigSchema, openSearchConfigSchema } from '@callrecords/opensearch';

import { PROVISIONING_STEPS } from './domain/steps';

/** The provisioner's configuration: Kafka, OpenSearch and index-setup fragments plus its own keys. */
export const provisionerConfigSchema = kafkaConfigSchema
  .extend(openSearchConfigSchema.shape)
  .extend(indexSetupConfigSchema.shape)
  .extend({
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level'),
    PROVISIONER_STEPS: z
      .string()
      .default(PROVISIONING_STEPS.join(','))
      .transform((value) => value.split(',').map((step) => step.trim()))
      .pipe(z.array(z.enum(PROVISIONING_STEPS)).min(1))
      .describe('What to provision, comma-separated: topics, indexes'),
    PROVISIONER_TOPIC_REPLICATION_FACTOR: z.coerce
      .number()
      .int()
      .min(-1)
      .refine((value) => value !== 0, 'at least 1, or -1 for the broker default')
      .default(-1)
      .describe('Replication factor of created topics (-1 = the broker default)'),
  });

export type ProvisionerConfig = z.infer<typeof provisionerConfigSchema>;
