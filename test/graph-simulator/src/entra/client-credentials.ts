import { createPublicKey } from 'node:crypto';

import { decodeProtectedHeader, jwtVerify } from 'jose';

import { GRAPH_RESOURCE, GRAPH_RESOURCE_APP_ID } from '../simulator.constants';
import type { AppRegistration } from './apps';
import { certificateFor, isSecretValid } from './apps';
import type { EntraFailure } from './entra-errors';
import { ENTRA_FAILURES } from './entra-errors';

// The client-credentials grant as Entra checks it, in Entra's order: tenant, grant, client, scope,
// credential (secret or certificate-signed client assertion).

export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export interface TokenRequestContext {
  readonly tenantId: string;
  readonly knownTenants: ReadonlySet<string>;
  readonly apps: readonly AppRegistration[];
  readonly form: URLSearchParams;
}

export type ClientCredentialsResult =
  { ok: true; app: AppRegistration; authMethod: '1' | '2' } | { ok: false; failure: EntraFailure };

function checkScope(scope: string | null): EntraFailure | undefined {
  if (!scope) {
    return ENTRA_FAILURES.missingParameter('scope');
  }
  const scopes = scope.split(' ').filter((item) => item.length > 0);
  const resource = scopes.find((item) => item.endsWith('/.default'))?.slice(0, -'/.default'.length);
  if (scopes.length !== 1 || resource === undefined) {
    return ENTRA_FAILURES.invalidScope(scope);
  }
  if (resource !== GRAPH_RESOURCE && resource !== GRAPH_RESOURCE_APP_ID) {
    return ENTRA_FAILURES.unknownResource(resource);
  }
  return undefined;
}

/** The request up to the credential: tenant, grant type, client (consented here), scope. */
function checkRequest(context: TokenRequestContext): AppRegistration | EntraFailure {
  if (!context.knownTenants.has(context.tenantId)) {
    return ENTRA_FAILURES.tenantNotFound(context.tenantId);
  }
  if (context.form.get('grant_type') !== 'client_credentials') {
    return ENTRA_FAILURES.unsupportedGrant();
  }
  const clientId = context.form.get('client_id');
  if (!clientId) {
    return ENTRA_FAILURES.missingParameter('client_id');
  }
  const app = context.apps.find(
    (candidate) => candidate.clientId === clientId && candidate.tenants.includes(context.tenantId),
  );
  if (!app) {
    return ENTRA_FAILURES.appNotInTenant(clientId, context.tenantId);
  }
  return checkScope(context.form.get('scope')) ?? app;
}

export async function authenticateClient(
  context: TokenRequestContext,
): Promise<ClientCredentialsResult> {
  const app = checkRequest(context);
  if (!('clientId' in app)) {
    return { ok: false, failure: app };
  }
  const secret = context.form.get('client_secret');
  if (secret !== null) {
    return isSecretValid(app, secret)
      ? { ok: true, app, authMethod: '1' }
      : { ok: false, failure: ENTRA_FAILURES.invalidSecret() };
  }
  const assertion = context.form.get('client_assertion');
  if (assertion === null) {
    return { ok: false, failure: ENTRA_FAILURES.noCredential() };
  }
  if (context.form.get('client_assertion_type') !== JWT_BEARER_ASSERTION) {
    return { ok: false, failure: ENTRA_FAILURES.wrongAssertionType() };
  }
  const failure = await checkAssertion(app, context.tenantId, assertion);
  return failure ? { ok: false, failure } : { ok: true, app, authMethod: '2' };
}

function registeredCertificate(app: AppRegistration, assertion: string): string | EntraFailure {
  try {
    return (
      certificateFor(app, decodeProtectedHeader(assertion)) ??
      ENTRA_FAILURES.unknownCertificate(app.clientId)
    );
  } catch {
    return ENTRA_FAILURES.malformedAssertion();
  }
}

// The assertion must be signed by a registered certificate, issued by and about the app, and addressed
// to this tenant's token endpoint.
async function checkAssertion(
  app: AppRegistration,
  tenantId: string,
  assertion: string,
): Promise<EntraFailure | undefined> {
  const certificate = registeredCertificate(app, assertion);
  if (typeof certificate !== 'string') {
    return certificate;
  }
  try {
    const { payload } = await jwtVerify(assertion, createPublicKey(certificate), {
      algorithms: ['RS256', 'PS256'],
      // Entra allows 5 minutes of clock skew; MSAL rounds `nbf` to the nearest second.
      clockTolerance: 300,
      issuer: app.clientId,
      subject: app.clientId,
    });
    const audiences = [payload.aud ?? []]
      .flat()
      .map((aud) => (URL.canParse(aud) ? new URL(aud).pathname : aud));
    const expected = [`/${tenantId}/oauth2/v2.0/token`, `/${tenantId}/oauth2/token`];
    return audiences.some((path) => expected.includes(path))
      ? undefined
      : ENTRA_FAILURES.wrongAudience();
  } catch {
    return ENTRA_FAILURES.badSignature();
  }
}
