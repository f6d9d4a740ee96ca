import { z } from 'zod';

import { kafkaConfigSchema } from '@callrecords/kafka';
import { openSearchConfigSchema } from '@callrecords/opensearch';
import { sensitive } from '@callrecords/service-kit';

const DEMO_ISSUER = 'https://127.0.0.1:4010/00000000-0000-4000-8000-000000000001/v2.0';

const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

const positiveInt = (fallback: number, max: number): z.ZodDefault<z.ZodCoercedNumber<unknown>> =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** The gateway's config: OpenSearch and Kafka fragments plus its own keys (STYLE.md 2.9). */
export const gatewayConfigSchema = openSearchConfigSchema.extend(kafkaConfigSchema.shape).extend({
  GATEWAY_PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65535)
    .default(4000)
    .describe('HTTP port of /graphql, /graphiql, /health/* and /metrics'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level'),
  GATEWAY_AUTH_ISSUER: z
    .url({ protocol: /^https$/ })
    .default(DEMO_ISSUER)
    .describe(
      'OpenID issuer of access tokens; `{tenantid}` in it accepts every tenant (Entra multi-tenant)',
    ),
  GATEWAY_AUTH_AUDIENCE: z
    .string()
    .min(1)
    .default('00000000-0000-4000-8000-0000000000a1')
    .describe("Expected `aud` of access tokens: the gateway's app id"),
  GATEWAY_AUTH_JWKS_URL: z
    .url({ protocol: /^https$/ })
    .optional()
    .describe('JWKS URL; unset: the jwks_uri of the issuer OpenID configuration'),
  GATEWAY_AUTH_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('PEM CA bundle trusted for the issuer (discovery, JWKS); unset for the system CAs'),
  GATEWAY_AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(600)
    .default(60)
    .describe('Clock skew accepted on exp/nbf'),
  GATEWAY_CURSOR_SECRET: sensitive(
    z
      .string()
      .min(32, 'at least 32 characters')
      .optional()
      .describe(
        'HMAC key of pagination cursors; unset: random per process (cursors die on restart)',
      ),
  ),
  GATEWAY_DEV_MODE: booleanFlag
    .default(false)
    .describe('Serve GraphiQL at /graphiql and allow introspection (never in production)'),
  GATEWAY_GRAPHIQL_DIR: z
    .string()
    .optional()
    .describe(
      'Folder of the built GraphiQL assets (`npm run build`); default `graphiql` beside the bundle',
    ),
  GATEWAY_MAX_DEPTH: positiveInt(10, 50).describe('Maximum query depth'),
  GATEWAY_MAX_COST: positiveInt(5_000, 1_000_000).describe(
    'Maximum estimated query cost (fields x page sizes)',
  ),
  GATEWAY_MAX_PAGE_SIZE: positiveInt(200, 1_000).describe('Maximum `first` of a list query'),
  GATEWAY_QUERY_TIMEOUT_MS: positiveInt(10_000, 120_000).describe(
    'Timeout of the OpenSearch requests of one operation',
  ),
  GATEWAY_REPLICA_ID: z
    .string()
    .regex(/^[a-z0-9._-]+$/)
    .optional()
    .describe(
      'Suffix of this replica consumer group (every replica sees every event); default random',
    ),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
