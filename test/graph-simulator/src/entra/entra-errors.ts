import { randomUUID } from 'node:crypto';

import type { JsonObject } from '../simulator.types';

/** A token-endpoint failure as Entra reports it: OAuth error, AADSTS code, HTTP status. */
export interface EntraFailure {
  readonly status: number;
  readonly error: string;
  readonly code: number;
  readonly description: string;
}

// The failures the simulator's token endpoint can answer, with Entra's codes and wording.
export const ENTRA_FAILURES = {
  tenantNotFound: (tenantId: string): EntraFailure => ({
    status: 400,
    error: 'invalid_request',
    code: 90002,
    description: `Tenant '${tenantId}' not found.`,
  }),
  unsupportedGrant: (): EntraFailure => ({
    status: 400,
    error: 'unsupported_grant_type',
    code: 70003,
    description: 'The app requested an unsupported grant type.',
  }),
  missingParameter: (name: string): EntraFailure => ({
    status: 400,
    error: 'invalid_request',
    code: 900144,
    description: `The request body must contain the following parameter: '${name}'.`,
  }),
  appNotInTenant: (clientId: string, tenantId: string): EntraFailure => ({
    status: 400,
    error: 'unauthorized_client',
    code: 700016,
    description: `Application with identifier '${clientId}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
  }),
  invalidScope: (scope: string): EntraFailure => ({
    status: 400,
    error: 'invalid_scope',
    code: 1002012,
    description: `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
  }),
  unknownResource: (resource: string): EntraFailure => ({
    status: 400,
    error: 'invalid_resource',
    code: 500011,
    description: `The resource principal named ${resource} was not found in the tenant.`,
  }),
  invalidSecret: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 7000215,
    description:
      'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app.',
  }),
  noCredential: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 7000218,
    description:
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  }),
  wrongAssertionType: (): EntraFailure => ({
    status: 400,
    error: 'invalid_request',
    code: 7000216,
    description:
      "'client_assertion_type' must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
  }),
  malformedAssertion: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 50027,
    description: 'JWT token is invalid or malformed.',
  }),
  unknownCertificate: (clientId: string): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Please visit the Azure Portal to update the key credential for app ${clientId}.]`,
  }),
  badSignature: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 700027,
    description: 'Client assertion failed signature validation.',
  }),
  wrongAudience: (): EntraFailure => ({
    status: 401,
    error: 'invalid_client',
    code: 700021,
    description: 'Client assertion audience claim does not match Realm issuer.',
  }),
  injected: (status: number): EntraFailure => ({
    status,
    error: 'temporarily_unavailable',
    code: 50053,
    description: 'Injected fault.',
  }),
} as const;

/** Entra's error JSON: `error`, `error_description` starting with `AADSTS<code>:`, `error_codes`, ids. */
export function entraErrorBody(failure: EntraFailure, now: Date): JsonObject {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = now
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    error: failure.error,
    error_description:
      `AADSTS${failure.code}: ${failure.description} Trace ID: ${traceId} ` +
      `Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [failure.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${failure.code}`,
  };
}
