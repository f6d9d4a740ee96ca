import type { FastifyInstance, FastifyRequest } from 'fastify';

import type { SimulatorContext } from '../simulator-context';
import { knownTenants } from '../simulator-context';
import { DEMO_TENANT_ID } from '../simulator.constants';
import { servicePrincipalId } from './apps';
import { authenticateClient } from './client-credentials';
import { ENTRA_FAILURES, entraErrorBody } from './entra-errors';
import { parseUserTokenRequest } from './user-tokens';

// Entra ID's endpoints that MSAL uses for the client-credentials flow with `knownAuthorities`
// (libs/graph-client/README.md, "Local authority"): OpenID configuration, JWKS and the v2.0 token
// endpoint.

function authorityBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function openIdConfiguration(base: string, tenantId: string): Record<string, unknown> {
  return {
    token_endpoint: `${base}/${tenantId}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${tenantId}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/${tenantId}/oauth2/v2.0/logout`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
  };
}

export function registerEntraRoutes(app: FastifyInstance, context: SimulatorContext): void {
  registerUserTokenRoute(app, context);
  app.get('/:tenantId/v2.0/.well-known/openid-configuration', (request, reply) => {
    const { tenantId } = request.params as { tenantId: string };
    if (!knownTenants(context).has(tenantId)) {
      const failure = ENTRA_FAILURES.tenantNotFound(tenantId);
      return reply.code(failure.status).send(entraErrorBody(failure, new Date()));
    }
    return reply.send(openIdConfiguration(authorityBase(request), tenantId));
  });

  app.get('/:tenantId/discovery/v2.0/keys', (_request, reply) => reply.send(context.tokens.jwks()));

  app.post('/:tenantId/oauth2/v2.0/token', async (request, reply) => {
    const { tenantId } = request.params as { tenantId: string };
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const result = await authenticateClient({
      tenantId,
      knownTenants: knownTenants(context),
      apps: context.apps,
      form,
    });
    void reply.header('cache-control', 'no-store, no-cache').header('pragma', 'no-cache');
    if (!result.ok) {
      return reply.code(result.failure.status).send(entraErrorBody(result.failure, new Date()));
    }
    const { accessToken, expiresIn } = await context.tokens.issue({
      tenantId,
      clientId: result.app.clientId,
      appDisplayName: result.app.displayName,
      servicePrincipalId: servicePrincipalId(result.app.clientId, tenantId),
      roles: result.app.roles,
      authMethod: result.authMethod,
    });
    return reply.send({
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    });
  });
}

// Control route (no auth, 127.0.0.1 only): mints a user token for the gateway, as Entra would after
// an interactive sign-in. Body: {tenantId?, objectId?, roles?, audience?, expiresInSeconds?,
// name?}.
function registerUserTokenRoute(app: FastifyInstance, context: SimulatorContext): void {
  app.post('/_sim/tokens', async (request, reply) => {
    const header = request.headers['x-sim-tenant'];
    const parsed = parseUserTokenRequest(
      request.body,
      typeof header === 'string' && header !== '' ? header : DEMO_TENANT_ID,
    );
    if (!parsed.ok) {
      return reply.code(400).send({ error: { code: 'BadRequest', message: parsed.message } });
    }
    const token = await context.tokens.issueUser(context.httpsUrl, parsed.request);
    return reply.send({
      token_type: 'Bearer',
      access_token: token.accessToken,
      // camelCase too, for callers that read the simulator's own style (test/e2e).
      accessToken: token.accessToken,
      expires_in: token.expiresIn,
      issuer: token.issuer,
    });
  });
}
