import { AuthError, ConfidentialClientApplication } from '@azure/msal-node';
import type { Configuration } from '@azure/msal-node';

import { PermanentError, RetryableError } from '@callrecords/contracts';
import { createHttpsTransport } from '@callrecords/service-kit';

import type { GraphConfig } from './graph.config';
import { graphCredentialOf } from './graph.config';
import { MsalNetworkClient } from './msal-network.client';

/** App-only Graph tokens per tenant (client credentials); MSAL caches them and renews before expiry. */
export interface TokenProvider {
  /** A valid access token for Graph in the tenant. Throws PermanentError (bad credential) or RetryableError. */
  getAccessToken(tenantId: string): Promise<string>;
  close(): void;
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

// Entra answers these when the request or credential is wrong: no retry fixes them.
const PERMANENT_AUTH_ERRORS = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'invalid_scope',
  'invalid_resource',
  'invalid_grant',
  'unsupported_grant_type',
  'invalid_tenant',
]);

function classifyAuthError(error: unknown, tenantId: string): PermanentError | RetryableError {
  const code = error instanceof AuthError ? error.errorCode : '';
  const message = `token for tenant ${tenantId}: ${error instanceof Error ? error.message : String(error)}`;
  return PERMANENT_AUTH_ERRORS.has(code)
    ? new PermanentError(message, { cause: error })
    : new RetryableError(message, { cause: error });
}

function msalConfiguration(
  config: GraphConfig,
  tenantId: string,
  network: MsalNetworkClient,
): Configuration {
  const credential = graphCredentialOf(config);
  const authorityHost = config.GRAPH_AUTHORITY_HOST.replace(/\/+$/, '');
  return {
    auth: {
      clientId: config.GRAPH_CLIENT_ID,
      authority: `${authorityHost}/${tenantId}`,
      // A known authority is trusted as is: MSAL never asks Microsoft's cloud for instance discovery.
      knownAuthorities: [new URL(authorityHost).host],
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.clientSecret }
        : {
            clientCertificate: {
              privateKey: credential.privateKey,
              ...(credential.thumbprint.length === 64
                ? { thumbprintSha256: credential.thumbprint }
                : { thumbprint: credential.thumbprint }),
              ...(credential.certificate ? { x5c: credential.certificate } : {}),
            },
          }),
    },
    system: { networkClient: network },
  };
}

// MSAL serves a cached token until 5 minutes before it expires (or its refresh time), but each
// call still searches its cache (keys, filters, telemetry): about half a millisecond per Graph
// request, profiled in the fetcher benchmark. The token is held here until MSAL would renew it.
const MSAL_RENEWAL_OFFSET_MS = 5 * 60_000;

interface HeldToken {
  readonly token: string;
  readonly renewAtMs: number;
}

function renewAtMs(result: { readonly expiresOn: Date | null; readonly refreshOn?: Date }): number {
  const expiry = (result.expiresOn?.getTime() ?? 0) - MSAL_RENEWAL_OFFSET_MS;
  return Math.min(expiry, result.refreshOn?.getTime() ?? expiry);
}

export function createTokenProvider(config: GraphConfig): TokenProvider {
  graphCredentialOf(config);
  const transport = createHttpsTransport({
    caFile: config.GRAPH_CA_FILE,
    timeoutMs: config.GRAPH_REQUEST_TIMEOUT_MS,
  });
  const network = new MsalNetworkClient(transport);
  const apps = new Map<string, ConfidentialClientApplication>();
  const appFor = (tenantId: string): ConfidentialClientApplication => {
    if (!config.GRAPH_TENANT_IDS.includes(tenantId)) {
      throw new PermanentError(`tenant ${tenantId} is not in GRAPH_TENANT_IDS`);
    }
    let app = apps.get(tenantId);
    if (!app) {
      app = new ConfidentialClientApplication(msalConfiguration(config, tenantId, network));
      apps.set(tenantId, app);
    }
    return app;
  };
  const held = new Map<string, HeldToken>();
  return {
    async getAccessToken(tenantId) {
      const known = held.get(tenantId);
      if (known !== undefined && Date.now() < known.renewAtMs) {
        return known.token;
      }
      const app = appFor(tenantId);
      try {
        const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
        if (!result?.accessToken) {
          throw new RetryableError(`token for tenant ${tenantId}: empty response`);
        }
        held.set(tenantId, { token: result.accessToken, renewAtMs: renewAtMs(result) });
        return result.accessToken;
      } catch (error) {
        throw error instanceof RetryableError ? error : classifyAuthError(error, tenantId);
      }
    },
    close: () => transport.close(),
  };
}
