import { z } from 'zod';

import { sensitive } from '@callrecords/service-kit';

/** OpenSearch keys shared by every service's config schema (STYLE.md 2.9); compose with `.extend`. */
export const openSearchConfigSchema = z.object({
  OPENSEARCH_URL: z
    .url({ protocol: /^https?$/ })
    .describe('OpenSearch node URL, e.g. https://opensearch:9200'),
  OPENSEARCH_USERNAME: z
    .string()
    .min(1)
    .optional()
    .describe('Basic-auth user name; unset for no authentication'),
  // Secret: sensitive() wraps the described schema so both marks sit on the key's own schema.
  OPENSEARCH_PASSWORD: sensitive(
    z.string().min(1).optional().describe('Basic-auth password (or OPENSEARCH_PASSWORD_FILE)'),
  ),
  OPENSEARCH_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Path to a PEM CA bundle to trust for HTTPS; unset for the system CAs'),
  OPENSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-" only')
    .default('')
    .describe('Prefix of every index, alias, template and policy name (isolates test runs)'),
  OPENSEARCH_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(100)
    .default(30_000)
    .describe('Timeout of one OpenSearch request, in milliseconds'),
});

export type OpenSearchConfig = z.infer<typeof openSearchConfigSchema>;
