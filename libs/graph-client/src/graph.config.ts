import { z } from 'zod';

import { sensitive } from '@callrecords/service-kit';

// The Graph adapter's config fragment (STYLE.md 2.9): keys are the environment variables, composed into
// each service's schema. Exactly one credential: a client secret, or a certificate (private key + thumbprint).

const commaList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  )
  .pipe(z.array(z.string().min(1)).min(1));

export const graphConfigSchema = z.object({
  GRAPH_TENANT_IDS: commaList.describe(
    'Entra tenant ids whose call records are read (comma-separated)',
  ),
  GRAPH_CLIENT_ID: z.string().min(1).describe('Application (client) id of the Entra app'),
  GRAPH_CLIENT_SECRET: sensitive(z.string().min(1))
    .optional()
    .describe('Client secret (or use a certificate)'),
  GRAPH_CLIENT_CERTIFICATE_KEY: sensitive(z.string().includes('PRIVATE KEY'))
    .optional()
    .describe(
      'PEM private key of the app certificate (GRAPH_CLIENT_CERTIFICATE_KEY_FILE to read a file)',
    ),
  GRAPH_CLIENT_CERTIFICATE_THUMBPRINT: z
    .string()
    .regex(/^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/, 'hex SHA-256 (64) or SHA-1 (40) thumbprint')
    .optional()
    .describe('Thumbprint of the app certificate: SHA-256 (preferred) or SHA-1'),
  GRAPH_CLIENT_CERTIFICATE: z
    .string()
    .includes('BEGIN CERTIFICATE')
    .optional()
    .describe('Public certificate PEM, sent as x5c (subject-name/issuer auth)'),
  GRAPH_AUTHORITY_HOST: z
    .url()
    .default('https://login.microsoftonline.com')
    .describe('Entra authority host'),
  GRAPH_BASE_URL: z
    .url()
    .default('https://graph.microsoft.com')
    .describe('Graph base URL (host only; /v1.0 is added)'),
  GRAPH_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('Extra CA (PEM file) to trust, e.g. the Graph simulator'),
  GRAPH_REQUEST_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30_000)
    .describe('Timeout of one HTTP request'),
});

export type GraphConfig = z.infer<typeof graphConfigSchema>;

export type GraphCredential =
  | { readonly kind: 'secret'; readonly clientSecret: string }
  | {
      readonly kind: 'certificate';
      readonly privateKey: string;
      readonly thumbprint: string;
      readonly certificate: string | undefined;
    };

/** The one credential the config names; throws when there are none or two (fail fast at boot). */
export function graphCredentialOf(config: GraphConfig): GraphCredential {
  const hasCertificate = config.GRAPH_CLIENT_CERTIFICATE_KEY !== undefined;
  if (config.GRAPH_CLIENT_SECRET !== undefined && hasCertificate) {
    throw new Error('set either GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE_KEY, not both');
  }
  if (config.GRAPH_CLIENT_SECRET !== undefined) {
    return { kind: 'secret', clientSecret: config.GRAPH_CLIENT_SECRET };
  }
  if (hasCertificate && config.GRAPH_CLIENT_CERTIFICATE_THUMBPRINT) {
    return {
      kind: 'certificate',
      privateKey: config.GRAPH_CLIENT_CERTIFICATE_KEY ?? '',
      thumbprint: config.GRAPH_CLIENT_CERTIFICATE_THUMBPRINT,
      certificate: config.GRAPH_CLIENT_CERTIFICATE,
    };
  }
  throw new Error(
    'set GRAPH_CLIENT_SECRET, or GRAPH_CLIENT_CERTIFICATE_KEY with GRAPH_CLIENT_CERTIFICATE_THUMBPRINT',
  );
}
