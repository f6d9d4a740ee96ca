import { z } from 'zod';

import { privacyRetentionSetting } from '@callrecords/contracts';
import { sensitive } from '@callrecords/service-kit';

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'expected host:port'))
      .min(1, 'at least one broker'),
  );

/** Kafka keys shared by every service's config schema (STYLE.md 2.9). */
export const kafkaConfigSchema = z.object({
  KAFKA_BROKERS: brokerList.describe('Kafka bootstrap servers, host:port[,host:port…]'),
  KAFKA_CLIENT_ID: z
    .string()
    .min(1)
    .optional()
    .describe('Kafka client id; defaults to the service name'),
  KAFKA_SSL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('Connect with TLS'),
  KAFKA_SASL_MECHANISM: z
    .enum(['plain', 'scram-sha-256', 'scram-sha-512'])
    .optional()
    .describe('SASL mechanism; unset for no SASL'),
  KAFKA_SASL_USERNAME: z.string().optional().describe('SASL user name'),
  KAFKA_SASL_PASSWORD: sensitive(z.string()).optional().describe('SASL password'),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-" only')
    .default('')
    .describe(
      'Prefix of every topic name and consumer group (isolates test runs or tenants of a shared cluster)',
    ),
  KAFKA_CONNECTION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(5_000)
    .describe('Timeout of one broker connection attempt'),
  // Here because it shapes the topics every service ensures (retention.ms, cleanup.policy): all
  // services must agree, or their ensureTopics would undo each other's configs.
  PRIVACY_RETENTION_DAYS: privacyRetentionSetting,
});

export type KafkaConfig = z.infer<typeof kafkaConfigSchema>;

/** What a client needs to connect: every Kafka key but the retention setting. */
export type KafkaConnectionConfig = Omit<KafkaConfig, 'PRIVACY_RETENTION_DAYS'>;
